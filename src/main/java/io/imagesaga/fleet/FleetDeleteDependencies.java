package io.imagesaga.fleet;

import io.imagesaga.fleet.FleetDirectory.HostLink;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a fleet delete needs of its agent: the fleet's hosts, the protected list, the settings
 * and a clock.
 *
 * @param protectedPatterns reads the protected list
 */
public record FleetDeleteDependencies(FleetDirectory directory,
    Supplier<CompletionStage<List<String>>> protectedPatterns, FleetSettings settings,
    Clock clock) {

  /** The plan of {@code request}: see {@link FleetDeletePlanner}. */
  CompletionStage<FleetDeletePlan> plan(String id, FleetDeleteCommand.Request request) {
    return directory.hosts().thenCombine(protectedPatterns.get(), (hosts, patterns) ->
        FleetDeletePlanner.plan(id, request, hosts.stream().map(HostLink::host).toList(),
            patterns, clock.instant().plus(settings.unreachableAfter())));
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
