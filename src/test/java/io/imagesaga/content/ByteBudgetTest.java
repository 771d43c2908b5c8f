package io.imagesaga.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.RejectedException;
import io.imagesaga.testkit.Bombs;
import io.imagesaga.testkit.TestArchives;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared ceiling on what an import reads, and the reads bounded by it. */
class ByteBudgetTest {
  @TempDir Path dir;

  @Test
  void a_metered_stream_is_refused_past_the_ceiling_and_counts_skips() throws Exception {
    ByteBudget budget = new ByteBudget(100, "too much");
    InputStream in = budget.meter(new ByteArrayInputStream(new byte[150]));
    assertThat(in.readNBytes(60)).hasSize(60);
    assertThat(in.skip(40)).isEqualTo(40);
    assertThat(budget.used()).isEqualTo(100);
    assertThatThrownBy(in::read).isInstanceOf(RejectedException.class).hasMessage("too much");
  }

  @Test
  void read_at_most_takes_the_limit_and_refuses_one_byte_more() throws Exception {
    Path file = Files.write(dir.resolve("f"), new byte[64]);
    assertThat(ByteBudget.readAtMost(file, 64, "big")).hasSize(64);
    assertThatThrownBy(() -> ByteBudget.readAtMost(file, 63, "big"))
        .isInstanceOf(RejectedException.class).hasMessage("big");
  }

  /** A gzip bomb stops at the ceiling, whatever it would decompress to. */
  @Test
  void a_layer_decompresses_within_its_budget_only() throws Exception {
    Bombs.Layer bomb = Bombs.zeros("zeros.bin", 8 << 20);
    Path layer = Files.write(dir.resolve("bomb.gz"), bomb.gzipped());
    assertThatThrownBy(() -> Layers.uncompress(layer, dir.resolve("out"),
        new ByteBudget(1 << 20, "bomb"))).isInstanceOf(RejectedException.class)
        .hasMessage("bomb");
    ByteBudget enough = new ByteBudget(bomb.size(), "bomb");
    assertThat(Layers.uncompress(layer, dir.resolve("out2"), enough).diffId())
        .isEqualTo(bomb.diffId());
    assertThat(enough.used()).isEqualTo(bomb.size());
  }

  /** A second use of a layer is a hard link: no bytes written, none spent. */
  @Test
  void a_duplicate_on_the_same_filesystem_is_a_link() throws Exception {
    Path file = Files.write(dir.resolve("layer"), TestArchives.layer("a.txt", "a"));
    Layers.Uncompressed layer = Layers.uncompress(file, dir.resolve("u"), ByteBudget.unlimited());
    ByteBudget budget = new ByteBudget(1, "none left");
    Layers.Uncompressed copy = Layers.duplicate(layer, dir.resolve("u2"), budget);
    assertThat(Files.isSameFile(copy.file(), layer.file())).isTrue();
    assertThat(budget.used()).isZero();
  }

  /**
   * Where no link can be made (another filesystem, or one without links), the copy is spent
   * from the budget. The linker fails as each kind of filesystem does, so this runs everywhere.
   */
  @Test
  void a_duplicate_that_must_be_copied_is_spent_from_the_budget() throws Exception {
    Path file = Files.write(dir.resolve("layer"), TestArchives.layer("b.txt", "b"));
    Layers.Uncompressed layer = Layers.uncompress(file, dir.resolve("u"), ByteBudget.unlimited());
    List<Layers.Linker> refusals = List.of(
        (target, existing) -> {
          throw new FileSystemException(target.toString(), existing.toString(),
              "Invalid cross-device link");
        },
        (target, existing) -> {
          throw new UnsupportedOperationException("no hard links here");
        });
    int n = 0;
    for (Layers.Linker refusal : refusals) {
      Path refused = dir.resolve("short" + n);
      assertThatThrownBy(() -> Layers.duplicate(layer, refused,
          new ByteBudget(layer.size() - 1, "no room"), refusal)).hasMessage("no room");
      assertThat(refused).doesNotExist();
      ByteBudget budget = new ByteBudget(layer.size(), "no room");
      Layers.Uncompressed copy = Layers.duplicate(layer, dir.resolve("copy" + n++), budget,
          refusal);
      assertThat(Files.isSameFile(copy.file(), layer.file())).isFalse();
      assertThat(Files.readAllBytes(copy.file())).isEqualTo(Files.readAllBytes(layer.file()));
      assertThat(copy.diffId()).isEqualTo(layer.diffId());
      assertThat(budget.used()).isEqualTo(layer.size());
    }
  }
}
