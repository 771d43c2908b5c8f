package io.imagesaga.bench;

import io.imagesaga.app.AppConfig;
import io.imagesaga.journal.JournalThroughput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code imagesaga bench-suite}: every performance figure in one run, written to
 * {@code BENCHMARKS.md} with the machine, the targets and the plots. A step that fails is a row
 * saying so, and the others still run. Every data dir it makes is removed at the end, also on a
 * failure or Ctrl-C, unless {@code --keep} or {@code --data-dir} says otherwise.
 */
@Command(name = "bench-suite", mixinStandardHelpOptions = true,
    description = "Run every benchmark and write BENCHMARKS.md (table, plots, machine).")
public final class BenchSuite implements Callable<Integer> {
  private static final int[] CLIENTS = {1, 8, 32};
  /** One writer (bound by the fsync itself) and the many that group commit gathers. */
  private static final List<Integer> JOURNAL_WRITERS = List.of(1, 64, 256);

  @Spec
  CommandSpec spec;

  @Option(names = "--conf", defaultValue = "conf", description = "Configuration directory.")
  Path confDir;

  @Option(names = "--sizes", split = ",", description = "Catalog sizes for rmi latency, the "
      + "largest also for cold start, listing and heap (default 1000,10000,100000).")
  int[] sizes;

  @Option(names = "--quick", description = "1k and 10k images and fewer requests: a few "
      + "minutes. Explicit options still win.")
  boolean quick;

  @Option(names = "--deletes", description = "Timed deletes per size, in-process and over "
      + "HTTP each (default 500, quick 200).")
  Integer deletes;

  @Option(names = "--client-deletes", description = "Deletes per client count (default 3200, "
      + "quick 960).")
  Integer clientDeletes;

  @Option(names = "--load-images", description = "Images in the loaded archive (default 3000, "
      + "quick 1000).")
  Integer loadImages;

  @Option(names = "--journal-seconds", description = "Seconds counted per journal figure "
      + "(default 5, quick 2).")
  Integer journalSeconds;

  @Option(names = "--chain", defaultValue = "1000", description = "Depth of the pruned parent "
      + "chain (default: ${DEFAULT-VALUE}).")
  int chain;

  @Option(names = {"-o", "--output"}, defaultValue = "BENCHMARKS.md",
      description = "The report; its plots go to benchmarks/ beside it.")
  Path output;

  @Option(names = "--jmh", description = "A jar built with -Pjmh (target/jmh/imagesaga.jar): "
      + "its micro-benchmarks run briefly and their figures join the report.")
  Path jmhJar;

  @Option(names = "--keep", description = "Keep the data dirs (their paths go to stderr).")
  boolean keep;

  @Option(names = "--data-dir", description = "Make the data dirs under this directory and "
      + "keep them.")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    int[] catalogSizes = sizes != null ? sizes : quick ? new int[] {1000, 10000}
        : new int[] {1000, 10000, 100000};
    Arrays.sort(catalogSizes);
    Results results = new Results();
    try (ScratchDirs scratch = new ScratchDirs(dataDir, keep || dataDir != null)) {
      Path rmiDir = scratch.create("imagesaga-bench-rmi");
      MachineInfo machine = MachineInfo.of(rmiDir);
      measure(scratch, rmiDir, catalogSizes, results);
      String markdown = Report.markdown(machine, command(), results.figures, results.charts,
          results.notes);
      Report.write(output, markdown, results.charts);
      System.out.print(Report.table(results.figures));
      System.out.println("wrote " + output.toAbsolutePath().normalize());
    }
    return 0;
  }

  /** What the report is made of, filled step by step. */
  private static final class Results {
    final List<Figure> figures = new ArrayList<>();
    final List<Report.Chart> charts = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
  }

  private void measure(ScratchDirs scratch, Path rmiDir, int[] catalogSizes, Results r)
      throws Exception {
    step(r.figures, "rmi latency", () -> {
      List<RmiLatency.AtSize> at = RmiLatency.run(confDir, rmiDir, scratch, catalogSizes,
          or(deletes, 500, 200));
      r.figures.addAll(Figures.rmi(at));
      r.charts.addAll(Report.latencyCharts(at));
    });
    OptionalLong[] emptyHeap = {OptionalLong.empty()};
    inDir(scratch, "empty", r, "heap of an empty node", dir -> emptyHeap[0] =
        OptionalLong.of(ColdStart.run(confDir, dir, scratch).heapBytes()));
    step(r.figures, "cold start, listing and heap", () -> r.figures.addAll(
        Figures.coldStart(ColdStart.run(confDir, rmiDir, scratch), emptyHeap[0])));
    step(r.figures, "cold start with class-data sharing", () -> r.figures.add(
        Figures.sharedClassesStart(ColdStart.withSharedClasses(confDir, rmiDir, scratch))));
    scratch.release(rmiDir);
    inDir(scratch, "clients", r, "HTTP clients", dir -> {
      Map<Integer, LatencySummary> byClients = HttpThroughput.deletes(confDir, dir, scratch,
          CLIENTS, or(clientDeletes, 3200, 960));
      r.figures.addAll(Figures.clients(byClients));
      r.charts.addAll(Report.clientCharts(byClients));
    });
    int images = or(loadImages, 3000, 1000);
    inDir(scratch, "load", r, "load", dir -> r.figures.add(Figures.load(images,
        HttpThroughput.load(confDir, dir, scratch, images))));
    step(r.figures, "journal", () -> r.figures.addAll(Figures.journal(JournalThroughput.measure(
        AppConfig.load(confDir, Map.of("pekko.loglevel", "WARNING")), Map.of(),
        new JournalThroughput.Plan(JOURNAL_WRITERS, Duration.ofSeconds(1),
            Duration.ofSeconds(or(journalSeconds, 5, 2)))))));
    inDir(scratch, "chain", r, "chain prune", dir -> r.figures.add(Figures.chainPrune(chain,
        ChainPrune.run(confDir, dir, scratch, chain))));
    if (jmhJar != null) {
      step(r.figures, "JMH", () -> r.figures.addAll(Jmh.run(jmhJar, scratch)));
    } else {
      r.notes.add("JMH micro-benchmarks not run: `mvn -B -q -Pjmh package -DskipTests`, then "
          + "pass `--jmh target/jmh/imagesaga.jar`.");
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private interface DirStep {
    void run(Path dir) throws Exception;
  }

  /** A step on a data dir of its own, removed as soon as the step is done with it. */
  private static void inDir(ScratchDirs scratch, String prefix, Results r, String name,
      DirStep step) throws Exception {
    Path dir = scratch.create("imagesaga-bench-" + prefix);
    step(r.figures, name, () -> step.run(dir));
    scratch.release(dir);
  }

  /** Runs one measurement; a failure becomes its row, and the suite goes on. */
  static void step(List<Figure> figures, String name, Step step) {
    try {
      step.run();
    } catch (Exception | AssertionError e) {
      System.err.println("bench: " + name + " failed: " + e);
      figures.add(Figure.failed(name, Optional.empty(), e));
    }
  }

  private int or(Integer given, int full, int quickValue) {
    return given != null ? given : quick ? quickValue : full;
  }

  /** The command as it was given, so the report says how to repeat it. */
  private String command() {
    // The parse result's original arguments are the whole command line, subcommand included.
    return String.join(" ", Stream.concat(Stream.of("java -jar target/imagesaga.jar"),
        spec.commandLine().getParseResult().originalArgs().stream()).toList());
  }
}
