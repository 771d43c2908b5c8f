package io.imagesaga.content;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * What dockerd decompresses, in a loaded archive and in a layer (moby's
 * {@code DecompressStream}): gzip, bzip2 and xz, told apart by moby's magic bytes, each read to
 * the end of its last member as Go's readers do. Anything else is read as it is. zstd is
 * recognised but refused: commons-compress reads it only through a native library (zstd-jni).
 * Compressed data that is cut or corrupt is refused ({@link CompressedStream}).
 */
final class Decompression {
  private static final byte[] GZIP = {0x1f, (byte) 0x8b, 0x08};
  private static final byte[] BZIP2 = {0x42, 0x5a, 0x68};
  private static final byte[] XZ = {(byte) 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00};
  private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
  /** Skippable zstd frames: 0x184D2A50 to 0x184D2A5F, little-endian. */
  private static final int ZSTD_SKIPPABLE = 0x184d2a50;
  /** Every xz preset (-9e: a 64 MiB dictionary) fits; a forged header cannot exhaust the heap. */
  private static final int XZ_MEMORY_LIMIT_KIB = 128 * 1024;

  private Decompression() {}

  /**
   * {@code in}, decompressed if it is compressed.
   *
   * @param zstdRefusal the rejection's text when {@code in} is zstd-compressed
   */
  static InputStream open(InputStream in, String zstdRefusal) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    byte[] head = peek(buffered, 8);
    String format = startsWith(head, GZIP) ? "gzip" : startsWith(head, BZIP2) ? "bzip2"
        : startsWith(head, XZ) ? "xz" : null;
    if (format == null) {
      if (isZstd(head)) {
        throw new RejectedException(new Rejection.InvalidParameter(zstdRefusal));
      }
      return buffered;
    }
    InputStream source = CompressedStream.source(buffered);
    try { // each constructor reads its format's header: a cut or corrupt one is the data's fault
      return CompressedStream.data(format, switch (format) {
        case "gzip" -> new GzipCompressorInputStream(source, true);
        case "bzip2" -> new BZip2CompressorInputStream(source, true);
        default -> new XZCompressorInputStream(source, true, XZ_MEMORY_LIMIT_KIB);
      });
    } catch (IOException e) {
      throw CompressedStream.failure(format, e);
    }
  }

  private static byte[] peek(BufferedInputStream in, int length) throws IOException {
    in.mark(length);
    byte[] head = in.readNBytes(length);
    in.reset();
    return head;
  }

  private static boolean startsWith(byte[] head, byte[] magic) {
    return head.length >= magic.length
        && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
  }

  private static boolean isZstd(byte[] head) {
    if (startsWith(head, ZSTD)) {
      return true;
    }
    if (head.length < 8) {
      return false;
    }
    int magic = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16
        | (head[3] & 0xff) << 24;
    return (magic & 0xfffffff0) == ZSTD_SKIPPABLE;
  }
}
