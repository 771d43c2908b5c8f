package io.imagesaga.fleet;

import io.imagesaga.Failures;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.fleet.FleetDirectory.HostLink;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a fleet delete needs of its agent: the fleet's hosts, the protected list, the settings
 * and a clock.
 *
 * @param protectedPatterns reads the protected list
 */
public record FleetDeleteDependencies(FleetDirectory directory,
    Supplier<CompletionStage<List<String>>> protectedPatterns, FleetSettings settings,
    Clock clock) {
  private static final Logger log = LoggerFactory.getLogger(FleetDeleteDependencies.class);

  /**
   * The plan of {@code request} ({@link FleetDeletePlanner}), or a stage failed with its
   * refusal; when the directory or the protected list does not answer, with
   * {@link Rejection.Unavailable}.
   */
  CompletionStage<FleetDeletePlan> plan(String id, FleetDeleteCommand.Request request) {
    return directory.hosts().thenCombine(protectedPatterns.get(), (hosts, patterns) ->
            FleetDeletePlanner.plan(id, request, hosts.stream().map(HostLink::host).toList(),
                patterns, clock.instant().plus(settings.unreachableAfter())))
        .exceptionally(failure -> {
          if (RejectedException.of(failure) != null) {
            throw (RuntimeException) Failures.cause(failure);
          }
          log.warn("fleet delete {} could not be planned", id, failure);
          throw new RejectedException(new Rejection.Unavailable("fleet delete " + id
              + " could not be planned: the fleet's directory or protected list did not"
              + " answer; no host was asked, try again"));
        });
  }

  /** What a host is asked for its part of {@code plan}. */
  static HostAgent.Command part(FleetDeletePlan plan, ActorRef<HostAgent.HostAnswer> replyTo) {
    if (plan.target() instanceof FleetDeleteTarget.Image image) {
      return new HostAgent.RunDelete(plan.id(), image.name(), image.force(), image.noprune(),
          plan.dryRun(), plan.protectedPatterns(), plan.provenance(), replyTo);
    }
    FleetDeleteTarget.Prune prune = (FleetDeleteTarget.Prune) plan.target();
    return new HostAgent.RunPrune(plan.id(), prune.filters(), plan.dryRun(),
        plan.protectedPatterns(), plan.provenance(), replyTo);
  }
}
