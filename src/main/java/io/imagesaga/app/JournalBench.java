package io.imagesaga.app;

import io.imagesaga.journal.JournalPlugin;
import io.imagesaga.journal.JournalThroughput;
import io.imagesaga.journal.JournalThroughput.Figures;
import io.imagesaga.journal.JournalThroughput.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code imagesaga bench-journal}: durable event writes per second through the configured
 * journal, fsync on against fsync off in the same run ({@link JournalThroughput}).
 */
@Command(name = "bench-journal", mixinStandardHelpOptions = true,
    description = "Measure journal writes/s with fsync on and off, on a throw-away directory.")
final class JournalBench implements Callable<Integer> {
  @Option(names = "--conf", defaultValue = "conf", description = "Configuration directory.")
  Path confDir;

  @Option(names = "--writers", split = ",", defaultValue = "1,8,64,256",
      description = "Persistent actors writing at once, one figure each (default: "
          + "${DEFAULT-VALUE}).")
  int[] writers;

  @Option(names = "--seconds", defaultValue = "3",
      description = "Seconds counted per figure (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warm-up", defaultValue = "1",
      description = "Seconds written before counting starts (default: ${DEFAULT-VALUE}).")
  int warmUp;

  @Option(names = "--group-commit", negatable = true, defaultValue = "true",
      fallbackValue = "true", description = "Group commit as configured; --no-group-commit "
          + "measures Pekko's journal writing each write alone.")
  boolean groupCommit;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> overrides = Map.of("pekko.loglevel", "WARNING");
    Figures figures = JournalThroughput.measure(AppConfig.load(confDir, overrides),
        groupCommit ? Map.of() : Map.of(groupCommitSetting(), false),
        new JournalThroughput.Plan(Arrays.stream(writers).boxed().toList(),
            Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds)));
    System.out.printf("journal %s (%s), %d s counted per figure after %d s of warm-up%n",
        figures.pluginId(), figures.journalClass(), seconds, warmUp);
    System.out.printf("%8s %14s %14s %8s %16s%n", "writers", "fsync on ev/s", "fsync off ev/s",
        "on/off", "events/write on");
    for (Row row : figures.rows()) {
      System.out.printf("%8d %14.0f %14.0f %7.0f%% %16s%n", row.writers(), row.fsyncOn(),
          row.fsyncOff(), 100 * row.ratio(),
          row.eventsPerWrite() == 0 ? "-" : String.format("%.1f", row.eventsPerWrite()));
    }
    return 0;
  }

  private String groupCommitSetting() {
    return JournalPlugin.id(AppConfig.load(confDir, Map.of()))
        + ".group-commit.enabled";
  }
}
