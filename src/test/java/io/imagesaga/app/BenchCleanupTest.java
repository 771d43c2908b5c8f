package io.imagesaga.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagesaga bench} removes its throw-away data dir: after a run and after a failure. */
class BenchCleanupTest {
  private static final Pattern DATA_DIR = Pattern.compile("bench: data dir (\\S+)");

  @Test
  void a_finished_run_leaves_no_data_dir() {
    Run run = bench("--sizes", "3", "--deletes", "1");
    assertThat(run.status).as(run.err).isZero();
    assertThat(run.dataDir()).doesNotExist();
  }

  @Test
  void a_failed_run_leaves_no_data_dir(@TempDir Path empty) {
    Run run = bench("--conf", empty.toString(), "--sizes", "3", "--deletes", "1");
    assertThat(run.status).as(run.err).isEqualTo(1);
    assertThat(run.dataDir()).doesNotExist();
  }

  @Test
  void keep_keeps_it(@TempDir Path parent) throws Exception {
    Run run = bench("--data-dir", parent.toString(), "--sizes", "3", "--deletes", "1");
    assertThat(run.status).as(run.err).isZero();
    assertThat(run.dataDir()).isDirectory().hasParent(parent);
    assertThat(Files.list(run.dataDir())).isNotEmpty();
  }

  private static Run bench(String... args) {
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "bench";
    System.arraycopy(args, 0, all, 1, args.length);
    int status = Main.commandLine().setErr(new PrintWriter(err, true)).execute(all);
    return new Run(status, err.toString());
  }

  private record Run(int status, String err) {
    Path dataDir() {
      Matcher m = DATA_DIR.matcher(err);
      assertThat(m.find()).as("bench names its data dir: %s", err).isTrue();
      return Path.of(m.group(1));
    }
  }
}
