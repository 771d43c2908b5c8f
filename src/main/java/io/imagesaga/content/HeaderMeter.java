package io.imagesaga.content;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts what the tar reader reads while it reads a header: a PAX record or a GNU long name
 * is held in memory whole, so an entry's header may not pass {@code limit} bytes.
 */
final class HeaderMeter extends FilterInputStream {
  private final int limit;
  private boolean armed;
  private long read;

  HeaderMeter(InputStream in, int limit) {
    super(in);
    this.limit = limit;
  }

  void arm() {
    armed = true;
    read = 0;
  }

  void disarm() {
    armed = false;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    count(b < 0 ? 0 : 1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    count(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count(skipped);
    return skipped;
  }

  private void count(long bytes) {
    if (armed && bytes > 0 && (read += bytes) > limit) {
      throw ArchiveEntries.invalid("invalid archive: an entry header of more than " + limit + " bytes"
          + LoadLimits.setting("max-header-bytes"));
    }
  }
}
