package io.imagesaga.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An archive written piece by piece, each piece small whatever the size of its files. */
class TarStreamTest {
  @TempDir Path dir;

  @Test
  void pieces_make_the_whole_archive_and_none_is_larger_than_a_chunk_and_a_header()
      throws Exception {
    byte[] big = new byte[1_000_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    Path file = Files.write(dir.resolve("layer.tar"), big);
    byte[] small = "{}".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    int largest = 0;
    try (TarStream stream = new TarStream(List.of(new TarStream.Entry.Bytes("a.json", small),
        new TarStream.Entry.File("layer/layer.tar", file),
        new TarStream.Entry.Bytes("manifest.json", small)))) {
      Optional<byte[]> piece;
      while ((piece = stream.next()).isPresent()) {
        archive.write(piece.get());
        largest = Math.max(largest, piece.get().length);
      }
    }
    assertThat(largest).isLessThanOrEqualTo(64 * 1024 + 10240);
    assertThat(read(archive.toByteArray())).containsExactly(Map.entry("a.json", 2L),
        Map.entry("layer/layer.tar", (long) big.length), Map.entry("manifest.json", 2L));
  }

  @Test
  void a_file_shorter_than_when_the_stream_reached_it_fails_the_archive() throws Exception {
    Path file = Files.write(dir.resolve("shrinking.tar"), new byte[100_000]);
    try (TarStream stream = new TarStream(List.of(new TarStream.Entry.File("x", file)))) {
      stream.next(); // the header, with the size of the file as it was then
      Files.write(file, new byte[10]);
      assertThatThrownBy(() -> {
        while (stream.next().isPresent()) {
          // reading on
        }
      }).isInstanceOf(IOException.class);
    }
  }

  private static Map<String, Long> read(byte[] archive) throws IOException {
    Map<String, Long> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(
        new ByteArrayInputStream(archive))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        entries.put(entry.getName(), (long) in.readAllBytes().length);
      }
    }
    return entries;
  }
}
