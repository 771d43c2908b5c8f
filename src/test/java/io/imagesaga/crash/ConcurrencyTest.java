package io.imagesaga.crash;

import static org.assertj.core.api.Assertions.fail;

import io.imagesaga.crash.OpRecord.Kind;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.EngineClient;
import io.imagesaga.testkit.NodeExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The concurrency test: 16 clients fire random rmi / tag / prune / load / container ops
 * over HTTP at one node sharing one set of images. No answer may be a 5xx, no op may hang (an
 * overall deadline stands for deadlock), the invariants must hold at quiescence, and the
 * answers must fit some sequential order (see {@link HistoryChecks}). Replay with
 * {@code -Dimagesaga.concurrency.seed=<seed>}.
 */
class ConcurrencyTest {
  private static final int CLIENTS = Integer.getInteger("imagesaga.concurrency.clients", 16);
  /**
   * Every client may load at once: the test is about the order of answers, and a load that
   * admission turns away (503, docs/security.md, "Admission") would be a 5xx it must not see.
   */
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp(Map.of(
      "imagesaga.limits.admission.loads.queue", CLIENTS));
  private static final long SEED = Long.getLong("imagesaga.concurrency.seed", System.nanoTime());
  private static final int OPS_PER_CLIENT = Integer.getInteger("imagesaga.concurrency.ops", 100);
  private static final Duration DEADLINE = Duration.ofMinutes(4);
  private static final Map<Kind, Double> WEIGHTS = new LinkedHashMap<>();

  static {
    WEIGHTS.put(Kind.RMI_TAG, 20.0);
    WEIGHTS.put(Kind.RMI_ID, 8.0);
    WEIGHTS.put(Kind.TAG, 18.0);
    WEIGHTS.put(Kind.CREATE, 10.0);
    WEIGHTS.put(Kind.START, 6.0);
    WEIGHTS.put(Kind.STOP, 5.0);
    WEIGHTS.put(Kind.RM, 5.0);
    WEIGHTS.put(Kind.PRUNE, 2.0);
    WEIGHTS.put(Kind.PRUNE_ALL, 0.3);
    WEIGHTS.put(Kind.LOAD, 8.0);
    WEIGHTS.put(Kind.INSPECT, 6.0);
  }

  @Test
  void concurrent_clients_get_answers_that_fit_a_sequential_order() throws Exception {
    System.out.println("concurrency test: seed=" + SEED + " clients=" + CLIENTS + " ops="
        + OPS_PER_CLIENT + " each (replay: -Dimagesaga.concurrency.seed=" + SEED + ")");
    long began = System.nanoTime();
    Random rng = new Random(SEED);
    World world = new World("conc", 8);
    Workload work = new Workload(world, WEIGHTS, 1.0);
    work.connect(new EngineClient(NODE.port(), Duration.ofSeconds(60)), 1);
    setup(work, world, rng);
    int before = work.history().size();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> running = new ArrayList<>();
    long opsBegan = System.nanoTime();
    for (int t = 0; t < CLIENTS; t++) {
      int thread = t;
      Random random = Workload.random(SEED, t);
      running.add(clients.submit(() -> {
        for (int i = 0; i < OPS_PER_CLIENT; i++) {
          work.random(random, thread);
        }
        return null;
      }));
    }
    clients.shutdown();
    boolean finished = clients.awaitTermination(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    List<OpRecord> ops = work.history();
    if (!finished) {
      clients.shutdownNow();
      fail("seed " + SEED + ": clients still busy after " + DEADLINE + " (deadlock?); ops in"
          + " flight:\n" + ops.stream().filter(o -> !o.answered())
              .map(o -> o.describe(work.epoch)).collect(Collectors.joining("\n")));
    }
    for (Future<?> client : running) {
      client.get();
    }
    double opsSeconds = (System.nanoTime() - opsBegan) / 1e9;
    List<Violation> found = new ArrayList<>();
    for (OpRecord op : ops) {
      if (!op.answered() || op.status == 0) {
        found.add(Violation.of("hang", "#" + op.seq + " got no answer: " + op.error, op.image));
      } else if (op.status >= 500) {
        found.add(Violation.of("5xx", "#" + op.seq + " " + op.request + " -> " + op.status
            + " " + op.body, op.image, op.container));
      } else if (op.loadFailed && !op.error.startsWith("No such image")) {
        found.add(Violation.of("load", "#" + op.seq + " failed: " + op.error,
            op.loaded.get(0).id()));
      }
    }
    Snapshot snapshot = Snapshot.read(NODE.driver(), world, NODE.dataDir());
    found.addAll(StateChecks.check(snapshot));
    found.addAll(HistoryChecks.check(snapshot, world, ops));
    Map<String, Long> statuses = new TreeMap<>(ops.subList(before, ops.size()).stream()
        .collect(Collectors.groupingBy(o -> o.kind + " " + o.status, Collectors.counting())));
    System.out.printf("concurrency test: seed=%d, %d random ops by %d clients in %.1f s"
        + " (whole test %.1f s); answers %s%n", SEED, ops.size() - before, CLIENTS, opsSeconds,
        (System.nanoTime() - began) / 1e9, statuses);
    Path log = Path.of("target", "crash-harness", "concurrency-" + SEED + ".txt");
    Files.createDirectories(log.getParent());
    Files.write(log, ops.stream().map(o -> o.describe(work.epoch, 100_000)).toList(),
        StandardCharsets.UTF_8);
    if (!found.isEmpty()) {
      StringBuilder message = new StringBuilder("seed " + SEED + " (replay:"
          + " -Dimagesaga.concurrency.seed=" + SEED + "): " + found.size() + " violations;"
          + " every op: " + log.toAbsolutePath());
      for (Violation v : found.subList(0, Math.min(found.size(), 40))) {
        message.append("\n").append(v);
        List<OpRecord> related = ops.stream().filter(o -> o.concerns(v.subjects())).toList();
        related.subList(Math.max(0, related.size() - 8), related.size())
            .forEach(o -> message.append("\n      ").append(o.describe(work.epoch)));
      }
      fail(message.toString());
    }
  }

  /** Loads ~150 images in chains and makes containers, some running. */
  private static void setup(Workload work, World world, Random rng) throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      OpRecord load = work.load(world.newChains(25, rng), -1);
      if (!load.acked()) {
        fail("setup load failed: " + load.describe(work.epoch));
      }
    }
    for (int i = 0; i < 24; i++) {
      ImageId image = world.pickImage(rng).id();
      String container = work.create(image, -1);
      if (container != null && i % 3 == 0) {
        work.start(container, -1);
      }
    }
  }
}
