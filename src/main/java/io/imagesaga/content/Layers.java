package io.imagesaga.content;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.reference.Digest;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Layer tars as archives and registries carry them: plain or compressed. */
public final class Layers {
  private Layers() {}

  /** A layer uncompressed into {@code file}: its diff ID and size. */
  public record Uncompressed(Path file, Digest diffId, long size) {}

  /**
   * {@code layer}, decompressed into {@code target}; each byte it decompresses to is spent from
   * {@code budget}, so that a small compressed layer cannot be made to write without end. There
   * is no form without a budget: loads and pulls each pass theirs.
   */
  public static Uncompressed uncompress(Path layer, Path target, ByteBudget budget)
      throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = budget.meter(decompressed(layer));
        OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha256)) {
      byte[] buffer = new byte[64 * 1024];
      long size = 0;
      for (int n; (n = read(in, buffer)) >= 0; size += n) {
        out.write(buffer, 0, n);
      }
      return new Uncompressed(target, Digest.fromJson("sha256:" + HexFormat.of().formatHex(
          sha256.digest())), size);
    }
  }

  /**
   * A file of its own for another use of {@code layer} (a layer named twice, or by two images,
   * is decompressed once): a hard link to it, which costs no bytes, or where the filesystem
   * refuses one a copy, whose bytes are spent from {@code budget}. Blocking.
   */
  public static Uncompressed duplicate(Uncompressed layer, Path target, ByteBudget budget)
      throws IOException {
    return duplicate(layer, target, budget, Files::createLink);
  }

  /** How {@link #duplicate} links {@code target} to {@code existing}, as {@link Files#createLink}. */
  @FunctionalInterface
  interface Linker {
    void link(Path target, Path existing) throws IOException;
  }

  /**
   * {@link #duplicate} with its link made by {@code linker}: a seam so that the copy it falls
   * back to is tested on a machine whose temporary directories all share one filesystem.
   */
  static Uncompressed duplicate(Uncompressed layer, Path target, ByteBudget budget,
      Linker linker) throws IOException {
    try {
      linker.link(target, layer.file());
    } catch (UnsupportedOperationException | IOException noLink) {
      budget.spend(layer.size());
      Files.copy(layer.file(), target);
    }
    return new Uncompressed(target, layer.diffId(), layer.size());
  }

  /**
   * {@code layer}'s file, decompressed if it is compressed. A failed read of the file itself is
   * this machine's fault and stays an I/O error ({@link UncheckedIOException}, which no
   * decompressor catches); what the decompressor fails on is the layer's.
   */
  private static InputStream decompressed(Path layer) throws IOException {
    InputStream raw = new FilterInputStream(Files.newInputStream(layer)) {
      @Override
      public int read() {
        try {
          return super.read();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        try {
          return super.read(buffer, offset, length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    try {
      return Decompression.open(raw, "zstd-compressed layers are not supported");
    } catch (IOException e) {
      raw.close();
      throw corrupt(e);
    } catch (RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  private static int read(InputStream in, byte[] buffer) {
    try {
      return in.read(buffer);
    } catch (IOException e) {
      throw corrupt(e);
    }
  }

  /** A layer that ends early fails as Go's readers do; any other damage by what it is. */
  private static RejectedException corrupt(IOException e) {
    return new RejectedException(new Rejection.InvalidParameter(e instanceof EOFException
        ? "unexpected EOF" : "invalid layer: its compressed data cannot be read"));
  }
}
