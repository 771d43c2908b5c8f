package io.imagesaga.fleet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.imagesaga.CborSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where one fleet delete stands: its plan (null until journaled), the hosts that answered and
 * those reported unreachable; every other host of the plan is pending.
 */
public record FleetDeleteState(FleetDeletePlan plan, Map<String, HostResult> answered,
    SortedSet<String> unreachable, boolean finished) implements CborSerializable {

  public FleetDeleteState {
    answered = new TreeMap<>(answered == null ? Map.of() : answered);
    unreachable = new TreeSet<>(unreachable == null ? List.of() : unreachable);
  }

  public static FleetDeleteState initial() {
    return new FleetDeleteState(null, Map.of(), new TreeSet<>(), false);
  }

  @JsonIgnore
  public boolean isStarted() {
    return plan != null;
  }

  /** The hosts of the plan that neither answered nor were reported unreachable, sorted. */
  @JsonIgnore
  public List<String> pending() {
    if (plan == null) {
      return List.of();
    }
    return plan.hosts().stream()
        .filter(h -> !answered.containsKey(h) && !unreachable.contains(h)).sorted().toList();
  }

  /**
   * The events that end the saga at {@code now}: every host answered, or the deadline passed
   * and every pending host was tried in vain since ({@code triedLate}: asked without an answer,
   * or not reached by the directory), which are reported unreachable; none while it carries on.
   * A host not tried since the deadline (a saga a survivor recovered late) is asked first: its
   * part may have run.
   */
  public List<FleetDeleteEvent> endAt(Instant now, Set<String> triedLate) {
    List<String> pending = pending();
    if (pending.isEmpty()) {
      return List.of(new FleetDeleteEvent.Finished(now));
    } else if (!now.isBefore(plan.deadline()) && triedLate.containsAll(pending)) {
      return List.of(new FleetDeleteEvent.HostsUnreachable(pending, now),
          new FleetDeleteEvent.Finished(now));
    }
    return List.of();
  }

  public FleetDeleteState apply(FleetDeleteEvent event) {
    if (event instanceof FleetDeleteEvent.Started started) {
      return new FleetDeleteState(started.plan(), Map.of(), new TreeSet<>(), false);
    } else if (event instanceof FleetDeleteEvent.HostAnswered host) {
      Map<String, HostResult> more = new TreeMap<>(answered);
      more.put(host.host(), host.result());
      return new FleetDeleteState(plan, more, unreachable, false);
    } else if (event instanceof FleetDeleteEvent.HostsUnreachable lost) {
      SortedSet<String> more = new TreeSet<>(unreachable);
      more.addAll(lost.hosts());
      return new FleetDeleteState(plan, answered, more, false);
    } else if (event instanceof FleetDeleteEvent.Finished) {
      return new FleetDeleteState(plan, answered, unreachable, true);
    }
    throw new IllegalArgumentException("unknown fleet delete event " + event);
  }
}
