package io.imagesaga.fleet;

import io.imagesaga.CborSerializable;
import java.time.Instant;
import java.util.List;

/** The journal of one fleet delete (or prune), on the fleet's PostgreSQL. */
public sealed interface FleetDeleteEvent extends CborSerializable {
  Instant at();

  /** Written before any host is asked. */
  record Started(FleetDeletePlan plan, Instant at) implements FleetDeleteEvent {}

  /** A host's final answer to its part: its records, or its refusal. */
  record HostAnswered(String host, HostResult result, Instant at) implements FleetDeleteEvent {}

  /** The deadline passed with these hosts still pending: they are reported unreachable. */
  record HostsUnreachable(List<String> hosts, Instant at) implements FleetDeleteEvent {}

  /** Every host answered or was reported unreachable. */
  record Finished(Instant at) implements FleetDeleteEvent {}
}
