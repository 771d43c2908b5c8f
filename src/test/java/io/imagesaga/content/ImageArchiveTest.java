package io.imagesaga.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.RejectedException;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestConfigs;
import io.imagesaga.testkit.TestArchives.Entry;
import io.imagesaga.testkit.TestArchives.Image;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacking an archive as dockerd does: decompressed first when its magic bytes say gzip, bzip2
 * or xz (moby's DecompressStream), {@code ./} names as plain ones.
 */
class ImageArchiveTest {
  private static final Image IMAGE = TestArchives.image("archive-formats");
  private static final byte[] TAR = TestArchives.tar(IMAGE.entries("formats/archive:1"));

  @TempDir Path dir;

  private interface Compressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  @Test
  void gzip_bzip2_and_xz_archives_unpack_as_the_plain_tar_does() throws Exception {
    for (Compressor compressor : List.<Compressor>of(GZIPOutputStream::new,
        BZip2CompressorOutputStream::new, XZCompressorOutputStream::new)) {
      assertLoadable(unpack(compress(TAR, compressor)));
    }
  }

  /** Go's gzip reader reads every member of a multi-member file (pigz, {@code cat a.gz b.gz}). */
  @Test
  void a_gzip_of_several_members_is_read_to_its_end() throws Exception {
    int half = TAR.length / 2;
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    joined.write(compress(Arrays.copyOf(TAR, half), GZIPOutputStream::new));
    joined.write(compress(Arrays.copyOfRange(TAR, half, TAR.length),
        GZIPOutputStream::new));
    assertLoadable(unpack(joined.toByteArray()));
  }

  /** zstd needs a native library commons-compress does not ship: refused, by name. */
  @Test
  void a_zstd_archive_is_refused_with_a_clear_error() {
    byte[] zstdFrame = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
    byte[] skippableFrame = {0x5a, 0x2a, 0x4d, 0x18, 0, 0, 0, 0};
    for (byte[] start : List.of(zstdFrame, skippableFrame)) {
      assertThatThrownBy(() -> unpack(start)).isInstanceOf(RejectedException.class)
          .hasMessage("invalid archive: zstd-compressed archives are not supported;"
              + " decompress it first (zstd -d)");
    }
  }

  /** {@code tar -C dir -cf x.tar .}: the root comes as a {@code ./} directory entry. */
  @Test
  void dot_slash_names_unpack_as_plain_ones() throws Exception {
    List<Entry> entries = new ArrayList<>(List.of(new Entry("./", new byte[0],
        TarConstants.LF_DIR, null),
        new Entry("./blobs/", new byte[0],
            TarConstants.LF_DIR, null)));
    IMAGE.entries("formats/archive:1").forEach(e ->
        entries.add(Entry.file("./" + e.name(), e.content())));
    assertLoadable(unpack(TestArchives.tar(entries)));
  }

  @Test
  void a_file_that_names_the_root_is_still_refused() {
    assertThatThrownBy(() -> unpack(TestArchives.tar(List.of(Entry.file(".", "x")))))
        .isInstanceOf(RejectedException.class)
        .hasMessage("invalid archive: . names the archive's root");
  }

  private ImageArchive unpack(byte[] bytes) throws IOException {
    Path target = Files.createTempDirectory(dir, "unpacked");
    return ImageArchive.unpack(new ByteArrayInputStream(bytes), target,
        TestConfigs.loadLimits(), ByteBudget.unlimited());
  }

  private static void assertLoadable(ImageArchive archive) throws IOException {
    ImageArchive.Item item = archive.manifest().get(0);
    assertThat(item.repoTags()).containsExactly("formats/archive:1");
    assertThat(Files.readAllBytes(archive.file(item.config()))).isEqualTo(IMAGE.config());
    assertThat(Files.readAllBytes(archive.file(item.layers().get(0)))).isEqualTo(IMAGE.layer());
  }

  private static byte[] compress(byte[] bytes, Compressor compressor) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream compressed = compressor.wrap(out)) {
      compressed.write(bytes);
    }
    return out.toByteArray();
  }
}
