package io.imagesaga.content;

import io.imagesaga.reference.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

  public static Uncompressed uncompress(Path layer, Path target) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = decompressed(layer);
        OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha256)) {
      long size = in.transferTo(out);
      return new Uncompressed(target, Digest.fromJson("sha256:" + HexFormat.of().formatHex(
          sha256.digest())), size);
    }
  }

  private static InputStream decompressed(Path layer) throws IOException {
    InputStream raw = Files.newInputStream(layer);
    try {
      return Decompression.open(raw, "zstd-compressed layers are not supported");
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }
}
