package io.imagesaga.content;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Tells apart the two ways reading through a decompressor fails: the compressed data is cut or
 * corrupt (the sender's fault: a rejection, {@code unexpected EOF} as Go's readers say for a
 * cut stream, else the format and the decompressor's words), or the source could not be read
 * (an {@link IOException} as it came: the node's or the connection's). The source is wrapped
 * by {@link #source}, the decompressor by {@link #data}; whatever the decompressor throws that
 * is not the marked failure of its source is the data's fault.
 */
final class CompressedStream {
  private CompressedStream() {}

  /** An {@link IOException} of the source, carried through the decompressor unchanged. */
  private static final class SourceFailure extends IOException {
    SourceFailure(IOException cause) {
      super(cause);
    }
  }

  /** {@code in}, its failures marked as the source's. */
  static InputStream source(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        try {
          return super.read();
        } catch (IOException e) {
          throw new SourceFailure(e);
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return super.read(b, off, len);
        } catch (IOException e) {
          throw new SourceFailure(e);
        }
      }
    };
  }

  /** {@code decompressed}, the data's faults turned into rejections. */
  static InputStream data(String format, InputStream decompressed) {
    return new FilterInputStream(decompressed) {
      @Override
      public int read() throws IOException {
        try {
          return super.read();
        } catch (IOException e) {
          throw failure(format, e);
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return super.read(b, off, len);
        } catch (IOException e) {
          throw failure(format, e);
        }
      }

      @Override
      public long skip(long n) throws IOException {
        try {
          return super.skip(n);
        } catch (IOException e) {
          throw failure(format, e);
        }
      }
    };
  }

  /**
   * What to throw for {@code e}, raised while decompressing {@code format}: the source's own
   * failure as it came, the data's as a rejection (thrown from here: it is unchecked).
   */
  static IOException failure(String format, IOException e) {
    if (e instanceof SourceFailure source) {
      return (IOException) source.getCause();
    }
    throw new RejectedException(new Rejection.InvalidParameter(e instanceof EOFException
        ? "unexpected EOF" : "invalid " + format + " stream: " + e.getMessage()));
  }
}
