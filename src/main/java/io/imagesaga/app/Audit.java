package io.imagesaga.app;

import io.imagesaga.api.Timestamps;
import io.imagesaga.audit.AuditLog;
import io.imagesaga.audit.CatalogView;
import io.imagesaga.audit.HistoryQuery;
import io.imagesaga.audit.InvariantCheck;
import io.imagesaga.audit.JournalExport;
import io.imagesaga.audit.JournalRecord;
import io.imagesaga.audit.PointInTime;
import io.imagesaga.audit.RecordText;
import io.imagesaga.audit.Replay;
import io.imagesaga.fleet.FleetAuditLog;
import java.io.BufferedWriter;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagesaga audit ...}: the journal read as an audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    subcommands = {Audit.HistoryCommand.class, Audit.At.class, Audit.Verify.class,
        Audit.Export.class},
    description = "Replay the journal: who changed what and when, the catalog at any time.")
final class Audit implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** Output formats of the commands that print records or a catalog. */
  enum Format { TEXT, JSON }

  /** Replays {@code log} into {@code action} while {@code whileTrue}, with a progress line. */
  static void replay(AuditLog log, Predicate<JournalRecord> whileTrue,
      Consumer<JournalRecord> action) {
    try (Progress progress = new Progress()) {
      log.forEach(whileTrue, progress.around(action));
    }
  }

  /**
   * {@code log} read as the folds the server shares take it ({@link Replay}): on this thread,
   * with a progress line; the stage is complete on return.
   */
  static Replay replay(AuditLog log) {
    return (after, whileTrue, action) -> {
      replay(log, whileTrue, record -> {
        if (record.offset() > after) {
          action.accept(record);
        }
      });
      return CompletableFuture.completedFuture(null);
    };
  }

  /** A fold's answer, its failure thrown as it was (a name that names nothing, a read). */
  static <T> T await(CompletionStage<T> answer) {
    try {
      return answer.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * The command's standard out (a test may set it), buffered since exports run to millions of
   * lines; closing it flushes and leaves the stream open.
   */
  static PrintWriter stdout(CommandSpec spec) {
    return new PrintWriter(new BufferedWriter(new FilterWriter(spec.commandLine().getOut()) {
      @Override
      public void close() throws IOException {
        flush();
      }
    }));
  }

  @Command(name = "history", mixinStandardHelpOptions = true,
      description = "Every event that touched an image or a reference, with who asked.")
  static final class HistoryCommand implements Callable<Integer> {
    @Mixin AuditSource source;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "<name|id>", description = "A reference (app:1, app@sha256:…) "
        + "or an image ID or unambiguous ID prefix; it may be long gone.")
    String name;

    @Option(names = "--format", defaultValue = "text",
        description = "text or json (JSON Lines, as export), default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
      Optional<FleetAuditLog> fleet = source.openFleet();
      if (fleet.isPresent()) {
        try (FleetAuditLog log = fleet.get(); PrintWriter out = stdout(spec)) {
          FleetAuditCommands.history(log, name, format, out);
          return 0;
        }
      }
      try (AuditLog log = source.open(); PrintWriter out = stdout(spec)) {
        for (JournalRecord record : await(HistoryQuery.run(replay(log),
            HistoryQuery.Filter.of(name))).records()) {
          out.println(format == Format.JSON ? JournalExport.text(record)
              : RecordText.line(record));
        }
        return 0;
      }
    }
  }

  @Command(name = "at", mixinStandardHelpOptions = true,
      description = "The catalog as it was at a time, like docker images -a and ps -a.")
  static final class At implements Callable<Integer> {
    @Mixin AuditSource source;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "<time>", description = "RFC 3339 (2026-12-01T18:00:00Z), unix "
        + "seconds, or a Go duration before now (90m), as docker's --until.")
    String time;

    @Option(names = "--format", defaultValue = "text",
        description = "text or json, default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() throws Exception {
      Instant at = Timestamps.parse(time, "time");
      Optional<FleetAuditLog> fleet = source.openFleet();
      if (fleet.isPresent()) {
        try (FleetAuditLog log = fleet.get(); PrintWriter out = stdout(spec)) {
          FleetAuditCommands.at(log, at, format, out);
          return 0;
        }
      }
      try (AuditLog log = source.open(); PrintWriter out = stdout(spec)) {
        CatalogView view = await(PointInTime.catalog(replay(log), at));
        out.print(format == Format.JSON ? JournalExport.pretty(view.document()) + "\n"
            : view.table());
        return 0;
      }
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Replay everything and check the invariants wherever no change was in "
          + "flight; report the first violation with its events.")
  static final class Verify implements Callable<Integer> {
    @Mixin AuditSource source;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Optional<FleetAuditLog> fleet = source.openFleet();
      if (fleet.isPresent()) {
        try (FleetAuditLog log = fleet.get(); PrintWriter out = stdout(spec)) {
          return FleetAuditCommands.verify(log, out);
        }
      }
      try (AuditLog log = source.open(); PrintWriter out = stdout(spec)) {
        InvariantCheck check = new InvariantCheck();
        replay(log, record -> check.violation().isEmpty() && check.state().gap().isEmpty(),
            check::apply);
        return VerifyReport.print(check, log, out);
      }
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Every journaled event as JSON Lines, in write order.")
  static final class Export implements Callable<Integer> {
    @Mixin AuditSource source;
    @Spec CommandSpec spec;

    @Option(names = {"-o", "--output"}, description = "File to write (default: standard out).")
    Path output;

    @Override
    public Integer call() throws Exception {
      Optional<FleetAuditLog> fleet = source.openFleet();
      if (fleet.isPresent()) {
        try (FleetAuditLog log = fleet.get(); Writer out = open()) {
          FleetAuditCommands.export(log, out);
        }
        return 0;
      }
      try (AuditLog log = source.open(); Writer out = open()) {
        replay(log, record -> true, record -> {
          try {
            out.write(JournalExport.text(record));
            out.write('\n');
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
      return 0;
    }

    private Writer open() throws IOException {
      return output == null ? stdout(spec) : Files.newBufferedWriter(output);
    }
  }
}
