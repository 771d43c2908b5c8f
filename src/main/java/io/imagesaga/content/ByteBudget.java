package io.imagesaga.content;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ceiling on the bytes one import reads, shared by every stream of it: a load's archive as it
 * is decompressed, and each layer of a load or a pull as it is (a registry's layer is as
 * untrusted as an archive's). A read that takes the total past the ceiling fails with a
 * rejection (the input's fault), so that a small compressed input can never be made to write
 * or hash without end. Safe to share between threads.
 */
public final class ByteBudget {
  private final long limit;
  private final String refusal;
  private final AtomicLong used = new AtomicLong();

  /** @param refusal the rejection's text once more than {@code limit} bytes were read */
  public ByteBudget(long limit, String refusal) {
    this.limit = limit;
    this.refusal = refusal;
  }

  /** No ceiling: for tests that unpack what they built themselves. */
  public static ByteBudget unlimited() {
    return new ByteBudget(Long.MAX_VALUE, "");
  }

  /** The bytes read so far. */
  public long used() {
    return used.get();
  }

  /** Counts {@code bytes} read; refuses once the total has passed the ceiling. */
  public void spend(long bytes) {
    if (bytes > 0 && used.addAndGet(bytes) > limit) {
      throw new RejectedException(new Rejection.InvalidParameter(refusal));
    }
  }

  /** {@code in}, every byte read or skipped through it spent from this budget. */
  public InputStream meter(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        spend(b < 0 ? 0 : 1);
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        spend(n);
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        spend(skipped);
        return skipped;
      }
    };
  }

  /**
   * The whole of {@code file}, refused with {@code refusal} when it holds more than
   * {@code limit} bytes: never more than that is read into memory. Blocking.
   */
  public static byte[] readAtMost(Path file, int limit, String refusal) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(limit);
      if (in.read() >= 0) {
        throw new RejectedException(new Rejection.InvalidParameter(refusal));
      }
      return content;
    }
  }
}
