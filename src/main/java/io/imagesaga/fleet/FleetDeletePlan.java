package io.imagesaga.fleet;

import io.imagesaga.CborSerializable;
import io.imagesaga.Provenance;
import java.time.Instant;
import java.util.List;

/**
 * A fleet delete once planned, journaled before any host is asked: everything it needs to
 * carry on, on whichever agent runs it after a crash.
 *
 * @param hosts the hosts to ask, sorted: the directory's, narrowed by the request's selection
 * @param protectedPatterns the protected list when the delete was planned; each host refuses
 *     its part for an image carrying a reference it matches
 * @param provenance who asked, journaled here and with each host's own saga
 * @param deadline a host not answered by then is reported unreachable
 */
public record FleetDeletePlan(String id, FleetDeleteTarget target, boolean dryRun,
    List<String> hosts, List<String> protectedPatterns, Provenance provenance, Instant deadline)
    implements CborSerializable {

  public FleetDeletePlan {
    hosts = List.copyOf(hosts);
    protectedPatterns = List.copyOf(protectedPatterns);
  }
}
