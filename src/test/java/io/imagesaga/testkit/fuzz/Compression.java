package io.imagesaga.testkit.fuzz;

import io.imagesaga.reference.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * The compressions {@code docker load} reads (gzip, bzip2, xz) and bombs made with them: a tar
 * holding one file of zeros, small compressed and large uncompressed. Bombs are made once per
 * kind and size (the compression of tens of MiB is the slow part) and shared.
 */
public final class Compression {
  /** A compressed tar of zeros and the sha256 of the uncompressed tar (a layer's diff ID). */
  public record Bomb(byte[] compressed, Digest diffId, long uncompressedSize) {}

  public enum Kind { GZIP, BZIP2, XZ }

  private static final Map<String, Bomb> BOMBS = new ConcurrentHashMap<>();

  private Compression() {}

  public static byte[] compress(Kind kind, byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = open(kind, bytes)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Two gzip members, each holding half of {@code data}: one stream to Go's reader. */
  public static byte[] gzipMembers(byte[] data) {
    int half = data.length / 2;
    byte[] first = compress(Kind.GZIP, java.util.Arrays.copyOf(data, half));
    byte[] second = compress(Kind.GZIP, java.util.Arrays.copyOfRange(data, half, data.length));
    byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  /** A tar holding {@code name}, {@code size} zero bytes long, compressed with {@code kind}. */
  public static Bomb bomb(Kind kind, String name, long size) {
    return BOMBS.computeIfAbsent(kind + "/" + name + "/" + size, key -> make(kind, name, size));
  }

  private static Bomb make(Kind kind, String name, long size) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    CountingOutputStream counted;
    try (OutputStream compressor = open(kind, compressed);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(
            counted = new CountingOutputStream(new DigestOutputStream(compressor, sha256)))) {
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(size);
      tar.putArchiveEntry(entry);
      byte[] zeros = new byte[1 << 16];
      for (long left = size; left > 0; left -= zeros.length) {
        tar.write(zeros, 0, (int) Math.min(zeros.length, left));
      }
      tar.closeArchiveEntry();
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Bomb(compressed.toByteArray(),
        Digest.fromJson("sha256:" + HexFormat.of().formatHex(sha256.digest())), counted.count);
  }

  private static OutputStream open(Kind kind, OutputStream out) throws IOException {
    return switch (kind) {
      case GZIP -> new GzipCompressorOutputStream(out);
      case BZIP2 -> new BZip2CompressorOutputStream(out);
      case XZ -> new XZCompressorOutputStream(out, 1);
    };
  }

  /** Counts what passes, so a bomb knows its uncompressed size. */
  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    private long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
