package io.imagesaga.testkit;

import io.imagesaga.reference.Digest;
import io.imagesaga.testkit.TestArchives.Entry;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Archives and layers that are small compressed and huge uncompressed, written as a stream so
 * that a test never holds the uncompressed bytes.
 */
public final class Bombs {
  private static final byte[] ZEROS = new byte[64 * 1024];

  private Bombs() {}

  /** A gzipped layer tar, and the diff ID and size of the tar it decompresses to. */
  public record Layer(byte[] gzipped, Digest diffId, long size) {}

  /** A layer tar holding {@code fileName}, {@code size} zero bytes, gzipped. */
  public static Layer zeros(String fileName, long size) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    MessageDigest sha256 = sha256();
    long[] written = {0};
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new DigestOutputStream(
        new FilterOutputStream(new GZIPOutputStream(compressed)) {
          @Override
          public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            written[0] += length;
          }
        }, sha256))) {
      putZeros(tar, fileName, size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Layer(compressed.toByteArray(),
        Digest.fromJson("sha256:" + HexFormat.of().formatHex(sha256.digest())), written[0]);
  }

  /** {@code entries}, then {@code fileName} of {@code size} zero bytes, as a gzipped tar. */
  public static byte[] gzippedArchive(List<Entry> entries, String fileName, long size) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
        new GZIPOutputStream(compressed))) {
      for (Entry entry : entries) {
        TarArchiveEntry header = new TarArchiveEntry(entry.name(), true);
        header.setSize(entry.content().length);
        tar.putArchiveEntry(header);
        tar.write(entry.content());
        tar.closeArchiveEntry();
      }
      putZeros(tar, fileName, size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  /** The forms GNU tar writes a sparse file in, within PAX headers. */
  public enum Sparse { PAX_0_0, PAX_0_1, PAX_1_0 }

  /**
   * {@code name}, a sparse file of {@code size} bytes in {@code form}, as its PAX header then
   * the file: the archive carries its last byte only; a reader makes up the rest (the hole) as
   * zeros of its own.
   */
  public static List<Entry> sparse(String name, long size, Sparse form) {
    long hole = size - 1;
    byte[] data = {'x'};
    List<String> records = switch (form) {
      case PAX_0_0 -> List.of("GNU.sparse.size=" + size, "GNU.sparse.numblocks=1",
          "GNU.sparse.offset=" + hole, "GNU.sparse.numbytes=1");
      case PAX_0_1 -> List.of("GNU.sparse.size=" + size, "GNU.sparse.map=" + hole + ",1");
      case PAX_1_0 -> List.of("GNU.sparse.major=1", "GNU.sparse.minor=0",
          "GNU.sparse.name=" + name, "GNU.sparse.realsize=" + size);
    };
    if (form == Sparse.PAX_1_0) { // the map is in the data, one block before the bytes
      data = new byte[513];
      byte[] map = ("1\n" + hole + "\n1\n").getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(map, 0, data, 0, map.length);
      data[512] = 'x';
    }
    return List.of(Entry.of("PaxHeaders/" + name, TarConstants.LF_PAX_EXTENDED_HEADER_LC,
        paxRecords(records)), Entry.file(name, data));
  }

  /** PAX records: each {@code "<length> <key>=<value>\n"}, its length counting itself. */
  private static byte[] paxRecords(List<String> records) {
    StringBuilder out = new StringBuilder();
    for (String record : records) {
      int length = record.length() + 3;
      while (String.valueOf(length).length() + record.length() + 2 != length) {
        length++;
      }
      out.append(length).append(' ').append(record).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code bytes}, gzipped. */
  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(compressed)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  private static void putZeros(TarArchiveOutputStream tar, String name, long size)
      throws IOException {
    TarArchiveEntry header = new TarArchiveEntry(name, true);
    header.setSize(size);
    tar.putArchiveEntry(header);
    for (long left = size; left > 0; left -= ZEROS.length) {
      tar.write(ZEROS, 0, (int) Math.min(left, ZEROS.length));
    }
    tar.closeArchiveEntry();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
