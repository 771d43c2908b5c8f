package io.imagesaga.fleet;

import io.imagesaga.fleet.FleetDirectory.HostLink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The asks of one fleet delete in flight (in memory: a saga carried on elsewhere asks anew):
 * each pending host asked once at a time, at most {@code bound} hosts at once, only those the
 * directory last found reachable.
 */
final class HostAsks {
  private final int bound;
  private final Set<String> asking = new HashSet<>();
  private List<HostLink> reachable = List.of();

  HostAsks(int bound) {
    this.bound = bound;
  }

  /** What the directory found now. */
  void found(List<HostLink> hosts) {
    reachable = List.copyOf(hosts);
  }

  /** The ask of {@code host} ended, answered or not. */
  void ended(String host) {
    asking.remove(host);
  }

  /** The hosts of {@code pending} to ask now, each taken as being asked. */
  List<HostLink> next(List<String> pending) {
    List<HostLink> next = new ArrayList<>();
    for (HostLink link : reachable) {
      if (asking.size() >= bound) {
        break;
      }
      if (link.agent().isPresent() && pending.contains(link.host()) && asking.add(link.host())) {
        next.add(link);
      }
    }
    return next;
  }
}
