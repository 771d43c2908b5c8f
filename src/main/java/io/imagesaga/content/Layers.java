package io.imagesaga.content;

import io.imagesaga.reference.Digest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/** Layer tars as archives carry them: plain, gzip, bzip2 or xz, told apart by magic bytes. */
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
    InputStream raw = new BufferedInputStream(Files.newInputStream(layer));
    try {
      String format = CompressorStreamFactory.detect(raw);
      return new CompressorStreamFactory().createCompressorInputStream(format, raw);
    } catch (CompressorException notCompressed) {
      return raw;
    }
  }
}
