package io.imagesaga.fleet;

import io.imagesaga.fleet.FleetDirectory.HostLink;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The asking side of a running {@link FleetDeleteEntity}: which pending hosts it asks and when,
 * and what an ask that ends without a decision leaves for the end ({@link
 * FleetDeleteState#endAt}). Nothing here is journaled: a saga carried on elsewhere asks anew.
 * The entity journals only the decided answers this lets through.
 */
final class FleetDeleteAsking {
  private final String id;
  private final FleetDeleteDependencies deps;
  private final ActorContext<FleetDeleteCommand> context;
  private final HostAsks asks;
  private final BiFunction<String, HostResult, FleetDeleteCommand> answered;
  private final BiFunction<String, String, FleetDeleteCommand> notAnswered;

  /** {@code answered} and {@code notAnswered} make the entity's messages for an ask's end. */
  FleetDeleteAsking(String id, FleetDeleteDependencies deps, ActorContext<FleetDeleteCommand> context,
      BiFunction<String, HostResult, FleetDeleteCommand> answered,
      BiFunction<String, String, FleetDeleteCommand> notAnswered) {
    this.id = id;
    this.deps = deps;
    this.context = context;
    this.asks = new HostAsks(deps.settings().parallelHosts());
    this.answered = answered;
    this.notAnswered = notAnswered;
  }

  /** The hosts tried in vain past the deadline, for {@link FleetDeleteState#endAt}. */
  Set<String> triedLate() {
    return asks.triedLate();
  }

  /** The directory found {@code hosts}: past the deadline the pending ones it missed are tried. */
  void found(FleetDeleteState state, List<HostLink> hosts) {
    asks.found(hosts);
    if (pastDeadline(state)) {
      asks.notReached(state.pending());
    }
    askPending(state);
  }

  /** {@code host}'s ask failed (unreachable or no answer in time): it is asked again later. */
  void notAnswered(FleetDeleteState state, String host, String reason) {
    asks.ended(host);
    if (pastDeadline(state)) {
      asks.triedLate(host);
    }
    context.getLog().info("fleet delete {}: {} did not answer ({}); asking again",
        id, host, reason);
  }

  /**
   * {@code host} answered {@code result}: whether it is to be journaled, that is, the host is
   * still pending and decided. A host that could not decide now (503) is asked again at the
   * next tick, not at once.
   */
  boolean answered(FleetDeleteState state, String host, HostResult result) {
    asks.ended(host);
    if (!state.pending().contains(host)) {
      return false;
    }
    if (!result.decided()) {
      if (pastDeadline(state)) {
        asks.triedLate(host);
      }
      return false;
    }
    return true;
  }

  /** Asks the pending hosts not being asked that the directory reaches, within the bound. */
  void askPending(FleetDeleteState state) {
    for (HostLink link : asks.next(state.pending())) {
      context.ask(HostAgent.HostAnswer.class, link.agent().get(), deps.settings().hostTimeout(),
          replyTo -> FleetDeleteDependencies.part(state.plan(), replyTo),
          (answer, failure) -> failure == null ? answered.apply(link.host(), answer.result())
              : notAnswered.apply(link.host(), failure.toString()));
    }
  }

  private boolean pastDeadline(FleetDeleteState state) {
    return !deps.clock().instant().isBefore(state.plan().deadline());
  }
}
