package io.imagesaga.service;

import io.imagesaga.AskTimeouts;
import io.imagesaga.Entities;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.catalog.Catalog;
import io.imagesaga.catalog.NameResolver;
import io.imagesaga.container.ContainerCommand;
import io.imagesaga.container.ContainerCommand.Transition;
import io.imagesaga.container.ContainerNameEntity;
import io.imagesaga.container.ContainerSpec;
import io.imagesaga.container.ContainerState;
import io.imagesaga.operation.OperationPlan;
import io.imagesaga.operation.Operations;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Container metadata operations. The image is told first of a change that adds a conflict
 * (create, start) and last of one that removes it (stop, remove), so that at every instant the
 * image knows at least as much use as there is and no delete can slip in between. Each change
 * is an operation journaled with the {@link Provenance} of the request.
 */
public final class ContainerService {
  private static final Pattern VALID_NAME = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");

  private final Entities entities;
  private final Operations operations;
  private final PerKey sequence = new PerKey();
  private final NameResolver resolver;
  private final ActorRef<Catalog.Command> catalog;
  private final ActorSystem<?> system;
  private final Duration timeout;
  private final Clock clock;

  public ContainerService(ActorSystem<?> system, Entities entities, NameResolver resolver,
      Operations operations, ActorRef<Catalog.Command> catalog, Duration timeout) {
    this.system = system;
    this.operations = operations;
    this.entities = entities;
    this.resolver = resolver;
    this.catalog = catalog;
    this.timeout = timeout;
    this.clock = Clock.systemUTC();
  }

  /**
   * {@code docker create}: the image is resolved first, then the name checked and reserved, as
   * moby's {@code containerCreate} does. The reservation is the operation's first step (see
   * {@code ContainerNameEntity}); the catalog is asked first only for containers created before
   * names were reserved, which hold their names in no reservation.
   */
  public CompletionStage<ContainerState> create(
      ContainerRequest request, Provenance provenance) {
    String name = request.name().orElseGet(() -> ContainerNames.generate(request.id()));
    String bareName = name.startsWith("/") ? name.substring(1) : name;
    return resolver.resolve(request.image()).thenCompose(resolved -> {
      if (!VALID_NAME.matcher(name).matches()) {
        throw new RejectedException(new Rejection.InvalidParameter("Invalid container name ("
            + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"));
      }
      return find(bareName).thenApply(existing -> {
        if (existing.isPresent() && existing.get().spec().name().equals(bareName)) {
          throw new RejectedException(
              ContainerNameEntity.nameInUse(bareName, existing.get().spec().id()));
        }
        return resolved;
      });
    }).thenCompose(resolved -> {
      ContainerSpec spec = new ContainerSpec(request.id(), bareName, request.image(),
          resolved.id(), request.cmd(), request.labels(), clock.instant());
      return operations.run(new OperationPlan.CreateContainer(spec), provenance)
          .thenCompose(c -> entities.container(spec.id(), ContainerCommand.Get::new));
    });
  }

  /**
   * {@code docker start}: 304 (Unchanged) if it runs already, otherwise a journaled operation
   * that marks the image in use before the container runs.
   */
  public CompletionStage<Transition> start(String term, Provenance provenance) {
    return run(term, true, provenance);
  }

  /** {@code docker stop}: the container stops, then its image hears of it. */
  public CompletionStage<Transition> stop(String term, Provenance provenance) {
    return run(term, false, provenance);
  }

  /**
   * Start, stop and remove of one container go one at a time: a start and a stop that
   * interleave their image and container steps could otherwise leave the image believing a
   * running container stopped.
   */
  private CompletionStage<Transition> run(
      String term, boolean running, Provenance provenance) {
    return existing(term).thenCompose(found -> sequence.run(found.spec().id(), () -> fresh(found)
        .thenCompose(state -> change(state, running, provenance))));
  }

  /** The container as its entity has it now, not as the catalog had it a moment ago. */
  private CompletionStage<ContainerState> fresh(ContainerState found) {
    return entities.container(found.spec().id(), ContainerCommand.Get::new);
  }

  /** 304 if the container is already as asked (a removed one is 404), else the operation. */
  private CompletionStage<Transition> change(
      ContainerState state, boolean running, Provenance provenance) {
    if (!state.exists()) {
      return CompletableFuture.failedFuture(new RejectedException(
          new Rejection.NotFound("No such container: " + state.spec().id())));
    }
    if (state.isRunning() == running) {
      return CompletableFuture.completedFuture(new ContainerCommand.Unchanged(state));
    }
    return operations.run(new OperationPlan.RunContainer(state.spec().id(),
            state.spec().imageId(), running, Optional.of(state.generation())), provenance)
        .thenCompose(done -> fresh(state))
        .thenApply(after -> (Transition) new ContainerCommand.Changed(after));
  }

  /** {@code docker rm}: a journaled operation, so the image never keeps a removed container. */
  public CompletionStage<Done> remove(String term, boolean force, Provenance provenance) {
    return existing(term).thenCompose(state -> sequence.run(state.spec().id(),
        () -> operations.run(new OperationPlan.RemoveContainer(
            state.spec().id(), state.spec().imageId(), force), provenance)));
  }

  public CompletionStage<ContainerState> inspect(String term) {
    return existing(term);
  }

  /** Existing containers, newest first. */
  public CompletionStage<List<ContainerState>> list() {
    return AskTimeouts.waitingFor("the catalog", timeout,
        AskPattern.ask(catalog, Catalog.ListContainers::new, timeout, system.scheduler()));
  }

  private CompletionStage<ContainerState> existing(String term) {
    return find(term).thenApply(found -> found.orElseThrow(() -> new RejectedException(
        new Rejection.NotFound("No such container: " + term))));
  }

  private CompletionStage<Optional<ContainerState>> find(String term) {
    return AskTimeouts.waitingFor("the catalog", timeout, AskPattern.ask(catalog,
        (ActorRef<Optional<ContainerState>> replyTo) -> new Catalog.FindContainer(term, replyTo),
        timeout, system.scheduler()));
  }
}
