package io.imagesaga.crash;

import static org.assertj.core.api.Assertions.fail;

import io.imagesaga.crash.OpRecord.Kind;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.ChildNode;
import io.imagesaga.testkit.EngineClient;
import io.imagesaga.testkit.NodeDriver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #4's crash harness: {@code imagesaga serve} in a child JVM on one data dir; each round
 * clients fire random rmi / prune / tag / load / container ops at it, it is killed with SIGKILL
 * at a seeded random moment, and the data dir is then opened offline by an in-process node
 * (whose start finishes interrupted deletes) and checked: invariants 1–4, every acknowledged
 * delete complete, every acknowledged reference and container still there unless a later op may
 * have removed it, nothing deleted that no op deleted. Replay with
 * {@code -Dimagesaga.crash.seed=<seed>}; {@code -Dimagesaga.crash.rounds} sets the kill points.
 */
class CrashHarnessTest {
  private static final long SEED = Long.getLong("imagesaga.crash.seed", System.nanoTime());
  private static final int ROUNDS = Integer.getInteger("imagesaga.crash.rounds", 50);
  private static final int CLIENTS = Integer.getInteger("imagesaga.crash.clients", 8);
  private static final int INITIAL_CHAINS = 100;
  private static final int LOW_WATER = 150;
  private static final Map<Kind, Double> WEIGHTS = new LinkedHashMap<>();

  static {
    WEIGHTS.put(Kind.RMI_TAG, 22.0);
    WEIGHTS.put(Kind.RMI_ID, 8.0);
    WEIGHTS.put(Kind.TAG, 20.0);
    WEIGHTS.put(Kind.CREATE, 12.0);
    WEIGHTS.put(Kind.START, 7.0);
    WEIGHTS.put(Kind.STOP, 6.0);
    WEIGHTS.put(Kind.RM, 4.0);
    WEIGHTS.put(Kind.PRUNE, 2.0);
    WEIGHTS.put(Kind.PRUNE_ALL, 0.3);
    WEIGHTS.put(Kind.LOAD, 5.0);
    WEIGHTS.put(Kind.INSPECT, 2.0);
  }

  private final Map<String, Integer> seen = new LinkedHashMap<>();
  private final List<String> findings = new ArrayList<>();
  private final Random rng = new Random(SEED);
  private final World world = new World("crash", 12);
  private final Workload work = new Workload(world, WEIGHTS, 0.5);
  private long present;

  @Test
  void every_acknowledged_change_survives_kill_9_and_nothing_is_left_half_done()
      throws Exception {
    System.out.println("crash harness: seed=" + SEED + " rounds=" + ROUNDS + " clients="
        + CLIENTS + " (replay: -Dimagesaga.crash.seed=" + SEED + ")");
    Path tmp = Files.createTempDirectory("imagesaga-crash");
    Path data = tmp.resolve("data");
    Path log = tmp.resolve("node.log");
    Path report = Path.of("target", "crash-harness", "crash-" + SEED + ".txt");
    Files.createDirectories(report.getParent());
    long began = System.nanoTime();
    long[] phases = new long[3];
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(report,
        StandardCharsets.UTF_8))) {
      out.println("seed " + SEED + ", data " + data + ", child log " + log);
      for (int round = 1; round <= ROUNDS; round++) {
        int firstOp = work.history().size();
        long t0 = System.nanoTime();
        ChildNode child = ChildNode.start(data, log);
        long delay;
        try {
          child.awaitReady(Duration.ofSeconds(120));
          work.connect(new EngineClient(child.port(), Duration.ofSeconds(30)), round);
          prepare(round, child);
          delay = 50 + rng.nextInt(751);
          long t1 = System.nanoTime();
          phases[0] += t1 - t0;
          runAndKill(child, delay, round);
          phases[1] += System.nanoTime() - t1;
        } finally {
          child.kill();
        }
        long t2 = System.nanoTime();
        List<OpRecord> ops = work.history();
        List<Violation> found = verify(data, ops, round);
        phases[2] += System.nanoTime() - t2;
        record(out, round, delay, ops.subList(firstOp, ops.size()), found, ops);
      }
      out.flush();
    } catch (Exception | AssertionError e) {
      throw new AssertionError("crash harness seed=" + SEED + " stopped: " + e
          + "\nchild log: " + log, e);
    }
    List<OpRecord> ops = work.history();
    System.out.printf("crash harness: seed=%d, %d kill points, %d ops (%d acknowledged, %d"
        + " unanswered) in %.1f s (child start+prepare %.1f s, ops %.1f s, offline verify"
        + " %.1f s); %d distinct violations; report %s%n", SEED, ROUNDS, ops.size(),
        ops.stream().filter(OpRecord::acked).count(),
        ops.stream().filter(o -> !o.answered()).count(), (System.nanoTime() - began) / 1e9,
        phases[0] / 1e9, phases[1] / 1e9, phases[2] / 1e9, seen.size(),
        report.toAbsolutePath());
    if (!findings.isEmpty()) {
      fail("crash harness seed=" + SEED + " (replay: -Dimagesaga.crash.seed=" + SEED + "): "
          + seen.size() + " violations; full report with every op: " + report.toAbsolutePath()
          + "\n" + String.join("\n", findings.subList(0, Math.min(findings.size(), 60))));
    }
    deleteTree(tmp);
  }

  /** Round 1 loads the images and makes containers; later rounds top the images up. */
  private void prepare(int round, ChildNode child) throws InterruptedException {
    List<List<TestImages.Image>> batches = new ArrayList<>();
    if (round == 1) {
      for (int i = 0; i < 4; i++) {
        batches.add(world.newChains(INITIAL_CHAINS / 4, rng));
      }
    } else if (present < LOW_WATER) {
      batches.add(world.newChains(25, rng));
    }
    for (List<TestImages.Image> batch : batches) {
      OpRecord load = work.load(batch, -1);
      if (!load.acked()) {
        throw new IllegalStateException("setup load failed: " + load.describe(work.epoch)
            + "\nchild log tail:\n" + child.tail(60));
      }
    }
    if (round == 1) {
      for (int i = 0; i < 30; i++) {
        ImageId image = world.pickImage(rng).id();
        String container = work.create(image, -1);
        if (container != null && i % 3 == 0) {
          work.start(container, -1);
        }
      }
    }
  }

  /**
   * K clients fire random ops until the child is killed, {@code delay} ms after the first 2K
   * answers (so that the kill lands in traffic, not in the cold child's first requests).
   */
  private void runAndKill(ChildNode child, long delay, int round) throws Exception {
    AtomicBoolean killed = new AtomicBoolean();
    CountDownLatch warm = new CountDownLatch(2 * CLIENTS);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < CLIENTS; t++) {
        int thread = t;
        Random random = Workload.random(SEED, round * 1_000L + t);
        running.add(clients.submit(() -> {
          while (!killed.get()) {
            if (work.random(random, thread).answered()) {
              warm.countDown();
            }
          }
          return null;
        }));
      }
      if (!warm.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("round " + round + ": no answers from the child;"
            + " log tail:\n" + child.tail(60));
      }
      timer.schedule(() -> {
        child.sigkill();
        killed.set(true);
        return null;
      }, delay, TimeUnit.MILLISECONDS).get(5, TimeUnit.MINUTES);
      child.kill();
      for (Future<?> client : running) {
        client.get(2, TimeUnit.MINUTES);
      }
    } finally {
      killed.set(true);
      clients.shutdownNow();
      timer.shutdownNow();
    }
  }

  /** Opens the data dir in-process (finishing interrupted deletes) and checks everything. */
  private List<Violation> verify(Path data, List<OpRecord> ops, int round) throws Exception {
    long t0 = System.nanoTime();
    try (NodeDriver node = NodeDriver.start(data)) {
      long t1 = System.nanoTime();
      Snapshot snapshot = Snapshot.read(node, world, data);
      System.out.printf("verify: start %.2f s, read %.2f s%n", (t1 - t0) / 1e9,
          (System.nanoTime() - t1) / 1e9);
      present = snapshot.images().values().stream().filter(ImageState::isPresent).count();
      List<Violation> found = new ArrayList<>(StateChecks.check(snapshot));
      found.addAll(HistoryChecks.check(snapshot, world, ops));
      found.addAll(AuditReplayCheck.check(node));
      ops.stream().filter(o -> o.round == round && o.answered() && o.status >= 500)
          .forEach(o -> found.add(Violation.of("5xx", "#" + o.seq + " " + o.request + " -> "
              + o.status + " " + o.body, o.image, o.container)));
      return found;
    }
  }

  private void record(PrintWriter out, int round, long delay, List<OpRecord> roundOps,
      List<Violation> found, List<OpRecord> all) {
    List<Violation> fresh = found.stream().filter(v -> !seen.containsKey(v.toString())).toList();
    fresh.forEach(v -> seen.put(v.toString(), round));
    long acked = roundOps.stream().filter(OpRecord::acked).count();
    long open = roundOps.stream().filter(o -> !o.answered()).count();
    long refused = roundOps.stream().filter(o -> o.status == 0).count();
    String line = String.format("round %d: kill after %d ms, %d ops (%d acknowledged, %d"
        + " unanswered, %d refused after the kill), %d images present, %d new violations",
        round, delay, roundOps.size(), acked, open, refused, present, fresh.size());
    System.out.println(line);
    out.println("==== " + line);
    roundOps.forEach(o -> out.println("  " + o.describe(work.epoch, 100_000)));
    for (Violation v : fresh) {
      out.println("  VIOLATION " + v);
      List<OpRecord> related = all.stream().filter(o -> o.concerns(v.subjects())).toList();
      related.subList(Math.max(0, related.size() - 12), related.size())
          .forEach(o -> out.println("      " + o.describe(work.epoch)));
      if (findings.size() < 60) {
        findings.add("round " + round + " (kill after " + delay + " ms): " + v
            + related.subList(Math.max(0, related.size() - 4), related.size()).stream()
                .map(o -> "\n      " + o.describe(work.epoch)).reduce("", String::concat));
      }
    }
    out.flush();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
