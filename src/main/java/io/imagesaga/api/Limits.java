package io.imagesaga.api;

import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code imagesaga.limits} (conf/limits.conf), read once and checked against each other: what
 * one client can make the node hold, do or store.
 *
 * @param loadBody the largest {@code POST /images/load} body
 * @param jsonBody the largest body of every other route
 * @param jsonDepth how deeply request JSON may nest
 * @param containerLabels how many labels {@code docker create} may give
 * @param containerLabelBytes the largest label, key and value together (UTF-8)
 * @param containerCmdBytes the largest {@code Cmd}, its arguments together (UTF-8)
 * @param idleTimeout how long a connection may carry nothing
 * @param requestTimeout how long a request may take to start its answer, its body included
 * @param streamKeepAlive how long a stream goes without a message before a keep-alive
 * @param loads loads at once, and waiting
 * @param pulls pulls at once, and waiting
 * @param saves saves at once, and waiting
 * @param queueWait how long a load, pull or save waits for its turn
 * @param retryAfter what a refused one is told to wait ({@code Retry-After})
 */
record Limits(long loadBody, long jsonBody, int jsonDepth, int containerLabels,
    int containerLabelBytes, int containerCmdBytes, Duration idleTimeout,
    Duration requestTimeout, Duration streamKeepAlive, Gate loads, Gate pulls, Gate saves, Duration queueWait,
    Duration retryAfter) {

  /** One kind of long work: how many run at once, how many more may wait. */
  record Gate(int permits, int queue) {
    static Gate of(Config config) {
      return new Gate(config.getInt("permits"), config.getInt("queue"));
    }
  }

  /**
   * Reads and checks the limits: streams must write within the idle timeout, a queued request
   * (which writes nothing) must get its turn or its refusal within it, and loads, pulls and
   * saves together must leave {@code blocking-reserve} threads of the blocking pool.
   *
   * @throws IllegalArgumentException naming the settings that do not fit together
   */
  static Limits of(Config config) {
    Config c = config.getConfig("imagesaga.limits");
    Config admission = c.getConfig("admission");
    Limits limits = new Limits(c.getBytes("load-body"), c.getBytes("json-body"),
        c.getInt("json-depth"), c.getInt("container-labels"),
        c.getBytes("container-label-bytes").intValue(),
        c.getBytes("container-cmd-bytes").intValue(), c.getDuration("idle-timeout"),
        c.getDuration("request-timeout"), c.getDuration("stream-keep-alive"), Gate.of(admission.getConfig("loads")),
        Gate.of(admission.getConfig("pulls")), Gate.of(admission.getConfig("saves")),
        admission.getDuration("queue-wait"), admission.getDuration("retry-after"));
    int pool = config.getInt(
        "pekko.actor.default-blocking-io-dispatcher.thread-pool-executor.fixed-pool-size");
    limits.mismatch(pool, admission.getInt("blocking-reserve")).ifPresent(problem -> {
      throw new IllegalArgumentException("imagesaga.limits: " + problem);
    });
    return limits;
  }

  /** What does not fit together, if anything. */
  Optional<String> mismatch(int blockingPool, int blockingReserve) {
    int permits = loads.permits + pulls.permits + saves.permits;
    if (permits + blockingReserve > blockingPool) {
      return Optional.of("the permits of loads, pulls and saves (" + permits + ") and"
          + " admission.blocking-reserve (" + blockingReserve + ") exceed the blocking pool's "
          + blockingPool + " threads");
    } else if (streamKeepAlive.compareTo(idleTimeout) >= 0) {
      return Optional.of("stream-keep-alive must be shorter than idle-timeout");
    } else if (queueWait.compareTo(idleTimeout) >= 0) {
      return Optional.of("admission.queue-wait must be shorter than idle-timeout");
    }
    return Optional.empty();
  }

  /**
   * Why {@code docker create}'s labels or {@code Cmd} are refused, if they are: both are
   * journaled with the container, for good.
   */
  Optional<String> containerProblem(Map<String, String> labels, List<String> cmd) {
    if (labels.size() > containerLabels) {
      return Optional.of("too many labels: " + labels.size() + ", the limit is "
          + containerLabels + " (imagesaga.limits.container-labels)");
    }
    for (Map.Entry<String, String> label : labels.entrySet()) {
      int bytes = utf8(label.getKey()) + utf8(label.getValue());
      if (bytes > containerLabelBytes) {
        return Optional.of("label \"" + label.getKey() + "\" too large: " + bytes
            + " bytes, the limit is " + containerLabelBytes
            + " (imagesaga.limits.container-label-bytes)");
      }
    }
    int cmdBytes = cmd.stream().mapToInt(Limits::utf8).sum();
    if (cmdBytes > containerCmdBytes) {
      return Optional.of("Cmd too large: " + cmdBytes + " bytes, the limit is "
          + containerCmdBytes + " (imagesaga.limits.container-cmd-bytes)");
    }
    return Optional.empty();
  }

  private static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
