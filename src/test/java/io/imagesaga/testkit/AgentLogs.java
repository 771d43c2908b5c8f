package io.imagesaga.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The agents' logs ({@link AgentProcesses#log}) read for what the agents tell nobody else: when
 * the cluster marked a member unreachable, the split brain resolver downed it, and each agent
 * removed it. A line starts
 * with its local time, {@code 2026-12-05 00:08:46,518} (logback's ISO8601).
 */
public final class AgentLogs {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
  private static final Duration POLL = Duration.ofMillis(100);

  private final AgentProcesses agents;

  public AgentLogs(AgentProcesses agents) {
    this.agents = agents;
  }

  /** When {@code hosts} first logged a line with {@code text}, at or after {@code after}. */
  public Optional<Instant> first(List<String> hosts, String text, Instant after) {
    Optional<Instant> first = Optional.empty();
    for (String host : hosts) {
      for (String line : lines(agents.log(host))) {
        Optional<Instant> at = time(line);
        if (at.isPresent() && !at.get().isBefore(after.minusMillis(1)) && line.contains(text)
            && (first.isEmpty() || at.get().isBefore(first.get()))) {
          first = at;
        }
      }
    }
    return first;
  }

  /** Waits until {@link #first} finds the line; its time. */
  public Instant await(List<String> hosts, String text, Instant after, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Instant> at = first(hosts, text, after);
      if (at.isPresent()) {
        return at.get();
      }
      TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
    }
    throw new AssertionError("no line with \"" + text + "\" in the logs of " + hosts
        + " within " + within + "; " + agents.logs());
  }

  /**
   * Waits until every one of {@code survivors} removed {@code host}'s agent, killed at {@code
   * killed}, from the cluster (it quarantines a removed member's incarnation): the latest
   * removal's time. Until then a message to a shard on the dead agent is lost, and sharding may
   * still allocate a new shard there.
   */
  public Instant awaitRemoved(String host, List<String> survivors, Instant killed,
      Duration within) throws InterruptedException {
    Instant last = killed;
    for (String survivor : survivors) {
      Instant removed = await(List.of(survivor), "Association to [" + member(host)
          + "] with UID", killed, within);
      last = removed.isAfter(last) ? removed : last;
    }
    return last;
  }

  /** When one of {@code hosts}' split brain resolvers decided to down {@code host}'s agent. */
  public Optional<Instant> downed(String host, List<String> hosts, Instant after) {
    return first(hosts, "SBR took decision DownUnreachable and is downing [" + member(host),
        after);
  }

  /** {@code host}'s fleet system as the cluster's log lines name it. */
  public String member(String host) {
    return "pekko://imagesaga-fleet@127.0.0.1:" + agents.remotePort(host);
  }

  private static List<String> lines(Path log) {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Instant> time(String line) {
    if (line.length() < 23 || !Character.isDigit(line.charAt(0))) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(line.substring(0, 23), TIME)
          .atZone(ZoneId.systemDefault()).toInstant());
    } catch (DateTimeParseException notATime) {
      return Optional.empty();
    }
  }
}
