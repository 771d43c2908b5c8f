package io.imagesaga.fleet;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code imagesaga.fleet} block of {@code conf/cluster.conf}, read once.
 *
 * @param hostName the host this agent owns, unique in the fleet
 * @param seedNodes {@code host:port} of the agents to join; none: the agent runs alone
 * @param unreachableAfter how long a fleet delete waits for a host before it reports it
 * @param retryEvery how often a fleet delete asks its pending hosts again
 * @param hostTimeout how long one host may take over its part of a fleet request
 * @param sagaTimeout how long a client waits for a fleet delete before it is answered 202
 * @param parallelHosts how many hosts a fleet delete asks at once
 * @param shippingBatch the most audit events shipped in one transaction
 * @param shippingPollEvery how often shipping looks for new audit events once caught up
 * @param shippingMaxBackoff the longest wait between shipping attempts that failed
 * @param schemaRetryFirst the wait after the first failed attempt to apply the schema at start
 * @param schemaRetryMaxBackoff the longest wait between attempts to apply the schema
 * @param listPage the most images a host sends in one message of a fleet listing
 * @param listTimeout how long a fleet listing waits for each page of a host's answer
 */
public record FleetSettings(String hostName, List<String> seedNodes, Duration unreachableAfter,
    Duration retryEvery, Duration hostTimeout, Duration sagaTimeout, int parallelHosts,
    Jdbc jdbc, int shippingBatch, Duration shippingPollEvery, Duration shippingMaxBackoff,
    Duration schemaRetryFirst, Duration schemaRetryMaxBackoff, int listPage,
    Duration listTimeout) {

  /** Where the shared PostgreSQL is. */
  public record Jdbc(String url, String user, String password) {
    /**
     * The URL without its parameters, for logs and answers: parameters may carry a password.
     */
    public String where() {
      int parameters = url.indexOf('?');
      return parameters < 0 ? url : url.substring(0, parameters);
    }
  }

  public static FleetSettings of(Config config) {
    Config c = config.getConfig("imagesaga.fleet");
    List<String> seeds = Arrays.stream(c.getString("seed-nodes").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    return new FleetSettings(c.getString("host-name"), seeds,
        c.getDuration("unreachable-after"), c.getDuration("retry-every"),
        c.getDuration("host-timeout"), c.getDuration("saga-timeout"), c.getInt("parallel-hosts"),
        new Jdbc(c.getString("jdbc.url"), c.getString("jdbc.user"), c.getString("jdbc.password")),
        c.getInt("audit-shipping.batch"), c.getDuration("audit-shipping.poll-every"),
        c.getDuration("audit-shipping.max-backoff"), c.getDuration("schema-retry.first"),
        c.getDuration("schema-retry.max-backoff"), c.getInt("list-page"),
        c.getDuration("list-timeout"));
  }

  /** Whether this agent joins a fleet at all. */
  public boolean enabled() {
    return !seedNodes.isEmpty();
  }
}
