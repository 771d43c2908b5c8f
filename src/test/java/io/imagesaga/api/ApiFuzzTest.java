package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestRegistry;
import io.imagesaga.testkit.fuzz.FuzzFixture;
import io.imagesaga.testkit.fuzz.FuzzRun;
import io.imagesaga.testkit.fuzz.HeaderFuzzer;
import io.imagesaga.testkit.fuzz.Names;
import io.imagesaga.testkit.fuzz.RawHttp;
import io.imagesaga.testkit.fuzz.RequestFuzzer;
import io.imagesaga.testkit.fuzz.StateProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seeded fuzz of the Engine API (docs/testing.md, "Fuzzing"): {@code imagesaga.fuzz.cases}
 * generated requests (10,000 by default) against a node serving HTTP, each checked for an
 * answer within {@link #BOUND}, no 5xx, and no stored change when refused. A fresh seed each
 * run, printed; {@code -Dimagesaga.fuzz.seed=N} replays a run, with
 * {@code -Dimagesaga.fuzz.case=K} only case K (after the cases since the last reset, which make
 * its state); {@code -Dimagesaga.fuzz.exclude=a,b} leaves generator families out.
 */
class ApiFuzzTest {
  /** Generous: the slowest honest case (a 64 MiB layer bomb) takes a second or two. */
  private static final Duration BOUND = Duration.ofSeconds(30);

  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(
      Map.of("imagesaga.registry.pull-deadline", "20s"));

  @Test
  void every_request_is_answered_in_time_without_a_5xx_and_a_refused_one_changes_nothing()
      throws Exception {
    long seed = Long.getLong("imagesaga.fuzz.seed", new SecureRandom().nextLong());
    int cases = Integer.getInteger("imagesaga.fuzz.cases", 10_000);
    Integer only = Integer.getInteger("imagesaga.fuzz.case");
    Set<String> excluded = excluded();
    System.out.println("fuzz seed=" + seed + " cases=" + cases
        + (only == null ? "" : " case=" + only) + " excluded=" + excluded);
    try (TestRegistry registry = new TestRegistry();
        RawHttp http = new RawHttp(NODE.port(), BOUND)) {
      FuzzFixture fixture = new FuzzFixture(NODE.port());
      fixture.reset();
      Names names = new Names(fixture.imageIds());
      FuzzRun run = new FuzzRun(seed, new RequestFuzzer(names, registry.host(), excluded),
          fixture, new StateProbe(NODE.port()), http, Path.of("target", "fuzz"));
      long start = System.nanoTime();
      if (only != null) {
        System.out.println("case " + only + ":\n" + run.request(only).describe());
        run.run(FuzzRun.epochStart(only), only + 1);
      } else {
        run.run(0, cases);
      }
      System.out.printf("fuzz seed=%d: %d cases in %.1f s (resets %.1f s); %d refusals"
              + " journaled as designed%n%s", seed, run.tally().cases(),
          (System.nanoTime() - start) / 1e9, run.resetMillis() / 1e3, run.journaledRefusals(),
          run.tally().summary());
      System.out.print(run.signatures());
      assertThat(escapes()).as("files an archive entry wrote outside the load's directory")
          .isEmpty();
      assertThat(run.failures()).as(() -> "fuzz seed=" + seed + ": " + run.failures().size()
          + " failures; the first:\n" + run.failures().stream().limit(10)
              .map(run::describe).collect(Collectors.joining("\n\n"))).isEmpty();
    }
  }

  private static Set<String> excluded() {
    if (!HeaderFuzzer.CUT_UTF8) {
      System.out.println("fuzz: no header value ends inside a UTF-8 sequence (Pekko HTTP's"
          + " parser never answers one; -Dimagesaga.fuzz.cut-utf8-headers=true sends them)");
    }
    String flag = System.getProperty("imagesaga.fuzz.exclude", "");
    Set<String> families = Arrays.stream(flag.split(",")).map(String::trim)
        .filter(f -> !f.isEmpty()).collect(Collectors.toSet());
    assertThat(RequestFuzzer.FAMILIES).as("known families").containsAll(families);
    return families;
  }

  /** Every place a {@code ../} or absolute entry name could have put {@code fz-escape}. */
  private static List<Path> escapes() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    return List.of(tmp, Path.of("/tmp"), Path.of("/"), NODE.dataDir(), NODE.dataDir()
            .getParent(), Path.of("").toAbsolutePath(), NODE.dataDir().resolve("tmp"))
        .stream().map(place -> place.resolve("fz-escape")).filter(Files::exists).toList();
  }
}
