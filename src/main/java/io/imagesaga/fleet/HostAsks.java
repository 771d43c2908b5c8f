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
  private final Set<String> triedLate = new HashSet<>();
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

  /**
   * Past the deadline, {@code host} was tried in vain: asked without an answer, or not reached
   * by the directory (see {@link FleetDeleteState#endAt}).
   */
  void triedLate(String host) {
    triedLate.add(host);
  }

  Set<String> triedLate() {
    return Set.copyOf(triedLate);
  }

  /**
   * Past the deadline: each host of {@code pending} the directory did not reach is tried, even
   * one with an ask in flight: its agent is gone from the receptionist, though its part may
   * have run before (docs/fleet.md: unreachable means "no answer", not "nothing done").
   */
  void notReached(List<String> pending) {
    pending.stream().filter(host -> reachable.stream().noneMatch(
            link -> link.host().equals(host) && link.agent().isPresent()))
        .forEach(triedLate::add);
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
