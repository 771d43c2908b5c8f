package io.imagesaga.app;

import io.imagesaga.audit.JournalRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A progress line on stderr for a replay that takes more than a moment: events so far, rate and
 * how far back in time it is. Quiet when stderr is not a terminal, so scripts and logs get none.
 */
final class Progress implements Consumer<JournalRecord>, AutoCloseable {
  private static final long QUIET_NANOS = 2_000_000_000L;
  private static final long EVERY_NANOS = 250_000_000L;

  private final PrintStream out = System.err;
  private final boolean enabled = stderrIsTerminal();
  private final long start = System.nanoTime();
  private long count;
  private long shownAt;
  private boolean shown;

  @Override
  public void accept(JournalRecord record) {
    count++;
    if (enabled && (count & 1023) == 0) {
      long now = System.nanoTime();
      if (now - start > QUIET_NANOS && now - shownAt > EVERY_NANOS) {
        shownAt = now;
        shown = true;
        out.printf("\rreplaying the journal: %,d events (%,.0f/s), at %s ", count,
            count / ((now - start) / 1e9), record.written());
      }
    }
  }

  /** Wraps {@code action} so that each record also counts here. */
  Consumer<JournalRecord> around(Consumer<JournalRecord> action) {
    return record -> {
      action.accept(record);
      accept(record);
    };
  }

  /**
   * Java 17 only tells whether stdin and stdout are a terminal; on Linux fd 2 says where stderr
   * goes, so {@code audit export > file} still shows progress and {@code 2> log} does not.
   */
  static boolean stderrIsTerminal() {
    Path fd2 = Path.of("/proc/self/fd/2");
    if (!Files.isSymbolicLink(fd2)) {
      return System.console() != null;
    }
    try {
      String target = Files.readSymbolicLink(fd2).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException e) {
      return System.console() != null;
    }
  }

  @Override
  public void close() {
    if (shown) {
      out.print("\r\033[K");
      out.flush();
    }
  }
}
