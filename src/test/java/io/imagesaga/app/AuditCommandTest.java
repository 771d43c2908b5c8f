package io.imagesaga.app;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.audit.JournalExport;
import io.imagesaga.audit.JournalRecord;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.reference.ImageId;
import io.imagesaga.service.ChainIds;
import io.imagesaga.testkit.NodeExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code imagesaga audit …} as an operator runs it: against a running node, then offline. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditCommandTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @TempDir static Path tmp;

  private static ImageId image;

  record Run(int exit, String out, String err) {}

  private static Run audit(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Main.commandLine()
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "audit";
    System.arraycopy(args, 0, all, 1, args.length);
    return new Run(command.execute(all), out.toString(), err.toString());
  }

  private static String host() {
    return "tcp://127.0.0.1:" + NODE.port();
  }

  /** A history line without its time, offset and the random saga and operation IDs. */
  private static String stable(String line) {
    return line.substring(line.indexOf("  #") + 2).replaceFirst("#\\d+  ", "")
        .replaceFirst("^(Operation|Deletion) \\S+", "$1");
  }

  @Test
  @Order(1)
  void history_at_and_verify_read_a_running_node() {
    image = NODE.driver().register("cmd-1", Optional.empty(), List.of(diffId("cmd-1")),
        "cmd:1");
    Instant tagged = Instant.now();
    assertThat(NODE.driver().rmi("cmd:1", DeleteOptions.defaults())).contains("Deleted: ");

    Run history = audit("history", "cmd:1", "-H", host());
    assertThat(history.exit()).as(history.err()).isZero();
    assertThat(history.out().lines().map(AuditCommandTest::stable)).containsExactly(
        "Operation  register " + image.shortId() + " as cmd:1 by the node (node-driver)",
        "Image " + image.shortId() + "  tagged cmd:1",
        "Repository docker.io/library/cmd  cmd:1 -> " + image.shortId(),
        "Operation  completed",
        "Deletion  rmi cmd:1 by the node (node-driver)",
        "Image " + image.shortId() + "  untagged cmd:1",
        "Image " + image.shortId() + "  step of delete " + history.out().lines()
            .filter(l -> l.contains("  Deletion ")).findFirst().orElseThrow()
            .replaceFirst(".*  Deletion (\\S+)  .*", "$1") + " taken",
        "Repository docker.io/library/cmd  removed cmd:1",
        "Deletion  Untagged: cmd:1, Deleted: " + image + ", Deleted: "
            + ChainIds.of(List.of(diffId("cmd-1"))).get(0));

    assertThat(audit("at", tagged.toString(), "-H", host()).out())
        .startsWith("REPOSITORY   TAG       IMAGE ID       CREATED         SIZE\n"
            + "cmd          1         " + image.shortId() + "   ");
    assertThat(audit("at", "0s", "--format", "json", "-H", host()).out())
        .contains("\"Images\"").doesNotContain(image.toString());
    Run verify = audit("verify", "-H", host());
    assertThat(verify.exit()).isZero();
    assertThat(verify.out()).contains("invariants 1-4 held");
  }

  @Test
  @Order(2)
  void export_and_history_read_a_stopped_node() throws Exception {
    NODE.driver().close();
    Path export = tmp.resolve("journal.jsonl");
    String dataDir = NODE.dataDir().toString();

    assertThat(audit("export", "--data-dir", dataDir, "-o", export.toString()).exit()).isZero();
    List<Long> offsets = Files.readAllLines(export).stream().map(JournalExport::parse)
        .map(JournalRecord::offset).toList();
    assertThat(offsets).isNotEmpty().isSorted().doesNotHaveDuplicates();

    Run history = audit("history", image.hex().substring(0, 12), "--data-dir", dataDir);
    assertThat(history.exit()).isZero();
    assertThat(history.out()).contains("Image " + image.shortId() + "  deleted");
    Run unknown = audit("history", "never-seen:1", "--data-dir", dataDir);
    assertThat(unknown.exit()).isZero();
    assertThat(unknown.out()).isEmpty();
    NODE.restart();
  }
}
