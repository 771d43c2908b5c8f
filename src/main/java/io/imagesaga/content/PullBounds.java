package io.imagesaga.content;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What bounds the fetch of one pull: its {@link PullDeadline}, and the bytes it may download
 * ({@code max-download-bytes}). A layer is never read past the size its descriptor names, but
 * the registry writes that size: the sizes a manifest names are refused before anything is
 * fetched when they would pass the limit ({@link #admit}), and every byte of every body the pull
 * reads (manifests, tokens, config, layers) is charged as it streams ({@link #watch}), so that no
 * registry can make a pull download without end. A pull's steps run one after another, handed
 * from thread to thread by its completion stages: one reader at a time.
 */
public final class PullBounds {
  private final PullDeadline deadline;
  private final long maxBytes;
  private long downloaded;

  public PullBounds(PullDeadline deadline, long maxBytes) {
    this.deadline = deadline;
    this.maxBytes = maxBytes;
  }

  /** The bounds of a pull that starts now. */
  public static PullBounds of(RegistrySettings settings) {
    return new PullBounds(PullDeadline.after(settings.pullDeadline()),
        settings.maxDownloadBytes());
  }

  public PullDeadline deadline() {
    return deadline;
  }

  /** The bytes read so far, every body together. */
  public long downloaded() {
    return downloaded;
  }

  /**
   * Refuses {@code blobs}, before any is fetched, if their sizes as their descriptors name them
   * would take the pull past its limit (sizes that together pass {@code Long.MAX_VALUE} count
   * as that).
   */
  public void admit(List<Descriptor> blobs) throws RegistryException {
    long named = 0;
    for (Descriptor blob : blobs) {
      named = blob.size() > Long.MAX_VALUE - named ? Long.MAX_VALUE : named + blob.size();
    }
    if (named > maxBytes - downloaded) {
      throw new RegistryException("manifest names " + named + " bytes of config and layers:"
          + " the pull would download more than " + maxBytes + " bytes ("
          + RegistrySettings.name("max-download-bytes") + ")");
    }
  }

  /** {@code body}, under the deadline, each byte read from it charged to the pull. */
  InputStream watch(InputStream body) {
    return new FilterInputStream(deadline.watch(body)) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        charge(b < 0 ? 0 : 1);
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        charge(n);
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        charge(skipped);
        return skipped;
      }
    };
  }

  private void charge(long bytes) throws RegistryException {
    if (bytes > 0) {
      downloaded += bytes;
      if (downloaded > maxBytes) {
        throw new RegistryException("pull downloaded more than " + maxBytes + " bytes ("
            + RegistrySettings.name("max-download-bytes") + ")");
      }
    }
  }
}
