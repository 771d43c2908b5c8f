package io.imagesaga.fleet;

import io.imagesaga.CborSerializable;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.api.ImageQuery;
import io.imagesaga.image.ContainerUse;
import io.imagesaga.Provenance;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeleteRecord;
import io.imagesaga.deletion.ImagePrune;
import io.imagesaga.deletion.PruneFilters;
import io.imagesaga.service.FleetParts;
import io.imagesaga.service.ImageService;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door of a host into the fleet (docs/fleet.md): an actor of the agent's fleet system,
 * registered with the receptionist, that answers other agents by calling this host's own
 * services. The host's entities are never reachable from the fleet; only what this protocol
 * asks.
 */
public final class HostAgent {
  private static final Logger log = LoggerFactory.getLogger(HostAgent.class);
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "imagesaga-host");
  private static final String NAME_PREFIX = "host-agent-";

  /** What another agent may ask of this host. */
  public interface Command extends CborSerializable {}

  /**
   * A page of {@code GET /images/json} on this host, with the same filters: the first
   * {@code limit} of the images it selects whose IDs sort after {@code after} ({@code ""}: from
   * the first), in ID order. A host's whole list may not fit one remoting message (Artery's
   * {@code maximum-frame-size}), so an asker asks page after page, each after the last ID it
   * got, until the host answers it is done.
   */
  public record ListImages(Optional<String> filters, boolean all, String after, int limit,
      ActorRef<HostImages> replyTo) implements Command {}

  /**
   * This host's answer to {@link ListImages}.
   *
   * @param done no image the host selects sorts after this page's last
   * @param error the host's refusal of the filters (as its {@code /images/json} would answer)
   */
  public record HostImages(String host, List<FleetImage> images, boolean done,
      Optional<String> error) implements CborSerializable {}

  /** One image as a host holds it: its names there and the containers that use it there. */
  public record FleetImage(String id, List<String> repoTags, List<String> repoDigests,
      List<ContainerUse> containers, long size, long created) implements CborSerializable {}

  /**
   * This host's part of fleet delete {@code fleetId}: {@code docker rmi name} as its own delete
   * saga, under an ID derived from {@code fleetId}, so that asking again answers the first result
   * ({@link io.imagesaga.service.FleetParts}); with {@code dryRun}, what it would answer now,
   * changing nothing. An image carrying a reference {@code protectedPatterns} matches is refused.
   *
   * @param provenance who asked the fleet, journaled with the host's saga
   */
  public record RunDelete(String fleetId, String name, boolean force, boolean noprune,
      boolean dryRun, List<String> protectedPatterns, Provenance provenance,
      ActorRef<HostAnswer> replyTo) implements Command {}

  /** This host's part of fleet prune {@code fleetId}, as {@link RunDelete} is of a delete. */
  public record RunPrune(String fleetId, PruneFilters filters, boolean dryRun,
      List<String> protectedPatterns, Provenance provenance, ActorRef<HostAnswer> replyTo)
      implements Command {}

  /** The answer to {@link RunDelete} and {@link RunPrune}. */
  public record HostAnswer(String host, HostResult result) implements CborSerializable {}

  private HostAgent() {}

  /** The agent's actor name: the host's name is read back from it by {@link #hostOf}. */
  public static String actorName(String host) {
    return NAME_PREFIX + URLEncoder.encode(host, StandardCharsets.UTF_8);
  }

  /** The host an agent reference speaks for. */
  public static String hostOf(ActorRef<?> agent) {
    String name = agent.path().name();
    return URLDecoder.decode(name.substring(NAME_PREFIX.length()), StandardCharsets.UTF_8);
  }

  /**
   * The agent, restarted after a failure: the fleet's directory always lists this host's own
   * agent as reachable, so it must not stay stopped.
   */
  public static Behavior<Command> create(String host, ImageService images) {
    return Behaviors.supervise(agent(host, images)).onFailure(SupervisorStrategy.restart());
  }

  private static Behavior<Command> agent(String host, ImageService images) {
    FleetParts parts = images.fleetParts();
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      return Behaviors.receive(Command.class)
          .onMessage(ListImages.class, cmd -> listImages(host, images, cmd))
          .onMessage(RunDelete.class, cmd -> answer(host, cmd.replyTo(), runDelete(parts, cmd)
              .thenApply(HostResult::deleted)))
          .onMessage(RunPrune.class, cmd -> answer(host, cmd.replyTo(), runPrune(parts, cmd)
              .thenApply(HostResult::pruned)))
          .build();
    });
  }

  private static CompletionStage<List<DeleteRecord>> runDelete(FleetParts parts, RunDelete cmd) {
    DeleteOptions options = new DeleteOptions(cmd.force(), !cmd.noprune());
    return cmd.dryRun() ? parts.previewDelete(cmd.name(), options, cmd.protectedPatterns())
        : parts.deleteOnce(cmd.fleetId(), cmd.name(), options, cmd.protectedPatterns(),
            cmd.provenance());
  }

  private static CompletionStage<ImagePrune.Report> runPrune(FleetParts parts, RunPrune cmd) {
    return cmd.dryRun() ? parts.previewPrune(cmd.filters(), cmd.protectedPatterns())
        : parts.pruneOnce(cmd.fleetId(), cmd.filters(), cmd.protectedPatterns(),
            cmd.provenance());
  }

  private static Behavior<Command> answer(
      String host, ActorRef<HostAnswer> replyTo, CompletionStage<HostResult> part) {
    part.whenComplete((result, failure) -> replyTo.tell(new HostAnswer(host,
        failure == null ? result : HostResult.failed(failure))));
    return Behaviors.same();
  }

  private static Behavior<Command> listImages(String host, ImageService images, ListImages cmd) {
    ImageQuery.run(images, cmd.filters(), cmd.all()).whenComplete((matches, failure) -> {
      if (failure != null) {
        Rejection rejection = RejectedException.of(failure);
        if (rejection == null) {
          // Not the filters' fault: no internal text crosses to another agent; the asker lists
          // this host unreachable when its page does not come (list-timeout).
          log.warn("fleet listing of host {} failed", host, failure);
          return;
        }
        cmd.replyTo().tell(new HostImages(host, List.of(), true,
            Optional.of(rejection.message())));
        return;
      }
      List<FleetImage> after = matches.stream().map(HostAgent::fleetImage)
          .filter(image -> image.id().compareTo(cmd.after()) > 0)
          .sorted(Comparator.comparing(FleetImage::id)).toList();
      int limit = Math.max(1, cmd.limit());
      cmd.replyTo().tell(new HostImages(host,
          List.copyOf(after.subList(0, Math.min(limit, after.size()))), after.size() <= limit,
          Optional.empty()));
    });
    return Behaviors.same();
  }

  private static FleetImage fleetImage(ImageQuery.Match match) {
    return new FleetImage(match.image().id().toString(), match.repoTags(), match.repoDigests(),
        match.image().containers(), match.image().size(),
        match.image().created().getEpochSecond());
  }
}
