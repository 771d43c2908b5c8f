package io.imagesaga.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDirsTest {
  @TempDir
  Path parent;

  @Test
  void close_removes_every_dir_with_its_contents() throws IOException {
    Path a;
    Path b;
    try (ScratchDirs scratch = new ScratchDirs(parent, false)) {
      a = filled(scratch.create("a"));
      b = filled(scratch.create("b"));
    }
    assertThat(a).doesNotExist();
    assertThat(b).doesNotExist();
  }

  @Test
  void a_failure_inside_still_removes_them() throws IOException {
    Path[] made = new Path[1];
    assertThatThrownBy(() -> {
      try (ScratchDirs scratch = new ScratchDirs(parent, false)) {
        made[0] = filled(scratch.create("failing"));
        throw new IllegalStateException("the benchmark failed");
      }
    }).hasMessage("the benchmark failed");
    assertThat(made[0]).doesNotExist();
  }

  @Test
  void the_shutdown_hook_stops_the_writers_last_first_then_removes_the_dirs()
      throws IOException {
    ScratchDirs scratch = new ScratchDirs(parent, false);
    Path dir = filled(scratch.create("interrupted"));
    List<String> closed = new ArrayList<>();
    scratch.closeFirst(() -> closed.add("node, dir present: " + Files.exists(dir)));
    scratch.closeFirst(() -> closed.add("child JVM, dir present: " + Files.exists(dir)));
    scratch.onShutdown();
    assertThat(closed).containsExactly("child JVM, dir present: true",
        "node, dir present: true");
    assertThat(dir).doesNotExist();
    scratch.close();
  }

  @Test
  void a_writer_that_fails_to_stop_does_not_keep_the_dirs() throws IOException {
    ScratchDirs scratch = new ScratchDirs(parent, false);
    Path dir = filled(scratch.create("x"));
    scratch.closeFirst(() -> {
      throw new IOException("already gone");
    });
    scratch.onShutdown();
    assertThat(dir).doesNotExist();
    scratch.close();
  }

  @Test
  void once_stopping_no_dir_is_made_and_a_late_writer_is_stopped_at_once() throws IOException {
    ScratchDirs scratch = new ScratchDirs(parent, false);
    scratch.onShutdown();
    assertThatThrownBy(() -> scratch.create("late"))
        .isInstanceOf(IllegalStateException.class);
    List<String> closed = new ArrayList<>();
    assertThatThrownBy(() -> scratch.closeFirst(() -> closed.add("child JVM")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(closed).containsExactly("child JVM");
    try (var left = Files.list(parent)) {
      assertThat(left).isEmpty();
    }
    scratch.close();
  }

  @Test
  void keep_leaves_them() throws IOException {
    Path dir;
    try (ScratchDirs scratch = new ScratchDirs(parent, true)) {
      dir = filled(scratch.create("kept"));
      scratch.release(dir);
      assertThat(dir).isDirectory();
    }
    assertThat(dir).isDirectory().hasParent(parent);
  }

  @Test
  void release_removes_one_dir_at_once() throws IOException {
    try (ScratchDirs scratch = new ScratchDirs(parent, false)) {
      Path done = filled(scratch.create("done"));
      Path next = filled(scratch.create("next"));
      scratch.release(done);
      assertThat(done).doesNotExist();
      assertThat(next).isDirectory();
    }
  }

  private static Path filled(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("journal/deep"));
    Files.writeString(dir.resolve("journal/deep/000001.log"), "events");
    return dir;
  }
}
