package io.imagesaga.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a fleet delete the agent answered before it finished (202): asks for it again
 * every poll until every host answered or was reported unreachable, with a progress line on
 * stderr naming the hosts still pending. In a terminal the line is rewritten in place and
 * cleared at the end; elsewhere it is printed each time the pending hosts change.
 */
final class PendingHosts {
  private static final Duration POLL_EVERY = Duration.ofMillis(500);

  private final FleetClient client;
  private final PrintWriter err;
  private final boolean terminal;
  private String shown;

  PendingHosts(FleetClient client, PrintWriter err) {
    this.client = client;
    this.err = err;
    this.terminal = Progress.stderrIsTerminal();
  }

  /** The fleet delete once finished; {@code answer} itself if it is. */
  FleetDeleteAnswer awaitFinished(FleetDeleteAnswer answer) throws InterruptedException {
    FleetDeleteAnswer current = answer;
    while (!current.finished()) {
      show(FleetText.waiting(current));
      TimeUnit.MILLISECONDS.sleep(POLL_EVERY.toMillis());
      current = client.status(current.id());
    }
    if (terminal && shown != null) {
      err.print("\r\033[K");
      err.flush();
    }
    return current;
  }

  private void show(String line) {
    if (terminal) {
      err.print("\r" + line + "\033[K");
    } else if (!line.equals(shown)) {
      err.println(line);
    }
    err.flush();
    shown = line;
  }
}
