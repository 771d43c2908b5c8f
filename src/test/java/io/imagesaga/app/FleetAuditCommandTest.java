package io.imagesaga.app;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.JournalTags;
import io.imagesaga.audit.JournalExport;
import io.imagesaga.audit.JournalRecord;
import io.imagesaga.audit.LeveldbEventJournal;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.TestFleet;
import io.imagesaga.testkit.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code imagesaga audit … --fleet}: the fleet's audit log in PostgreSQL, host by host. */
class FleetAuditCommandTest {
  @TempDir static Path dir;
  static TestFleet fleet;
  static ImageId shared;
  static Instant settled;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    fleet = TestFleet.start(dir, Map.of("imagesaga.fleet.audit-shipping.poll-every", "100ms"),
        "alpha", "beta");
    NodeDriver alpha = fleet.agent("alpha").node();
    shared = alpha.register("shared", Optional.empty(), List.of(diffId("shared")), "app:1");
    alpha.tag("app:1", "app:prod");
    alpha.rmi("app:prod", DeleteOptions.defaults());
    alpha.register("alpha-only", Optional.empty(), List.of(diffId("alpha-only")), "other:1");
    NodeDriver beta = fleet.agent("beta").node();
    beta.register("shared", Optional.empty(), List.of(diffId("shared")), "app:1");
    beta.createContainer("c-beta", "app:1");
    settled = Instant.now();
    awaitShipped("alpha");
    awaitShipped("beta");
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @Test
  void history_names_each_record_s_host_and_keeps_each_host_s_order() throws Exception {
    Run history = audit("history", shared.hex().substring(0, 12));

    assertThat(history.exit()).as(history.err()).isZero();
    List<String> lines = history.out().lines().toList();
    assertThat(lines).allMatch(l -> l.startsWith("alpha  ") || l.startsWith("beta   "));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("alpha  ") && l.endsWith("  tagged app:prod"))
        .anyMatch(l -> l.startsWith("alpha  ") && l.endsWith("  untagged app:prod"))
        .anyMatch(l -> l.startsWith("beta   ")
            && l.endsWith("Image " + shared.shortId() + "  tagged app:1"))
        .noneMatch(l -> l.startsWith("beta   ") && l.contains("app:prod"));
    for (String host : List.of("alpha", "beta")) {
      assertThat(lines.stream().filter(l -> l.startsWith(host + " "))
          .map(l -> Long.parseLong(l.replaceFirst(".*  #(\\d+)  .*", "$1"))).toList())
          .isNotEmpty().isSorted();
    }
    ObjectMapper json = new ObjectMapper();
    Run asJson = audit("history", shared.toString(), "--format", "json");
    for (String line : asJson.out().lines().toList()) {
      assertThat(json.readTree(line).get("host").asText()).isIn("alpha", "beta");
      assertThat(JournalExport.parse(line).persistenceId()).isNotEmpty();
    }
    assertThat(asJson.out().lines().count()).isEqualTo(lines.size());
  }

  @Test
  void at_gives_each_host_s_catalog_with_its_host() throws Exception {
    Run at = audit("at", settled.toString());

    assertThat(at.exit()).as(at.err()).isZero();
    assertThat(at.out().lines().toList())
        .anyMatch(row("HOST", "REPOSITORY", "TAG", "IMAGE ID"))
        .anyMatch(row("alpha", "app", "1", shared.shortId()))
        .anyMatch(row("alpha", "other", "1"))
        .anyMatch(row("beta", "app", "1", shared.shortId()))
        .noneMatch(row("alpha", "app", "prod"))
        .anyMatch(row("HOST", "CONTAINER ID", "IMAGE", "STATUS", "NAMES"))
        .anyMatch(row("beta", "c-beta", "app:1", "Created", "c-beta"));
    JsonNode document = new ObjectMapper().readTree(audit("at", settled.toString(),
        "--format", "json").out());
    assertThat(document.get("Hosts").findValuesAsText("Host")).containsExactly("alpha", "beta");
  }

  @Test
  void verify_checks_every_host_and_export_names_the_host_of_every_record() throws Exception {
    Run verify = audit("verify");
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out().lines().toList()).hasSize(2)
        .anyMatch(l -> l.startsWith("alpha  ") && l.contains("invariants 1-4 held"))
        .anyMatch(l -> l.startsWith("beta   ") && l.contains("invariants 1-4 held"));

    Run export = audit("export");
    assertThat(export.exit()).isZero();
    ObjectMapper json = new ObjectMapper();
    for (String host : List.of("alpha", "beta")) {
      List<Long> offsets = new ArrayList<>();
      for (String line : export.out().lines().toList()) {
        if (json.readTree(line).get("host").asText().equals(host)) {
          offsets.add(JournalExport.parse(line).offset());
        }
      }
      assertThat(offsets).isEqualTo(Stream.iterate(1L, o -> o + 1).limit(end(host)).toList());
    }
  }

  @Test
  void fleet_reads_the_database_not_a_node() {
    Run both = audit("history", "app:1", "-H", "tcp://127.0.0.1:1");
    assertThat(both.exit()).isEqualTo(1);
    assertThat(both.err()).contains("--fleet reads the fleet's PostgreSQL, not a node");
  }

  private static Run audit(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Main.commandLine()
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("audit"));
    all.addAll(List.of(args));
    all.addAll(List.of("--fleet", "--jdbc-url", fleet.jdbcUrl(), "--jdbc-user",
        TestPostgres.USER));
    return new Run(command.execute(all.toArray(String[]::new)), out.toString(),
        err.toString());
  }

  /** Whether a table line begins with these cells, columns apart by three spaces or more. */
  private static Predicate<String> row(String... cells) {
    return line -> line.matches(String.join(" {3,}", cells) + "( .*)?");
  }

  private static long end(String host) {
    NodeDriver node = fleet.agent(host).node();
    return NodeDriver.await(LeveldbEventJournal.end(node.node().system(), JournalTags.AUDIT,
        Duration.ofSeconds(10)));
  }

  private static void awaitShipped(String host) {
    long end = end(host);
    TestProbe<Object> probe = TestProbe.create(fleet.agent(host).fleet().system());
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertThat(fleet.agent(host).fleet().auditShipping().shippedOffset()).isEqualTo(end);
      return null;
    });
  }
}
