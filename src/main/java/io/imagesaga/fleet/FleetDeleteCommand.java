package io.imagesaga.fleet;

import io.imagesaga.CborSerializable;
import io.imagesaga.Provenance;
import io.imagesaga.Rejection;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What callers ask of {@link FleetDeleteEntity}; what the saga tells itself is private to it
 * ({@link FleetDeleteEntity.Internal}).
 */
public sealed interface FleetDeleteCommand extends CborSerializable
    permits FleetDeleteCommand.Start, FleetDeleteCommand.Get, FleetDeleteEntity.Internal {

  /**
   * Run the fleet delete; the reply comes once it has finished (every host answered or was
   * reported unreachable), or at once if it is refused before any host is asked. A start of a
   * saga that has one already is answered with that one's outcome.
   */
  record Start(Request request, ActorRef<Reply> replyTo) implements FleetDeleteCommand {}

  /** Where the fleet delete stands now. */
  record Get(ActorRef<Reply> replyTo) implements FleetDeleteCommand {}

  /**
   * A fleet delete as a client asked for it.
   *
   * @param hosts only these hosts ({@code hosts=}); empty for every host of the fleet
   * @param excludeHosts not these ({@code exclude-hosts=})
   */
  record Request(FleetDeleteTarget target, boolean dryRun, List<String> hosts,
      List<String> excludeHosts, Provenance provenance) implements CborSerializable {

    public Request {
      hosts = List.copyOf(hosts);
      excludeHosts = List.copyOf(excludeHosts);
    }
  }

  sealed interface Reply extends CborSerializable permits Current, Refused {}

  /** The saga's state: finished or not, every host with its answer or its standing. */
  record Current(FleetDeleteState state) implements Reply {}

  /** Refused before any host was asked (nothing journaled), or no such fleet delete. */
  record Refused(Rejection rejection) implements Reply {}
}
