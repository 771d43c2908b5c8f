package io.imagesaga.service;

import io.imagesaga.AskTimeouts;
import io.imagesaga.Confirmation;
import io.imagesaga.Entities;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.catalog.Catalog;
import io.imagesaga.catalog.CatalogImage;
import io.imagesaga.catalog.NameResolver;
import io.imagesaga.content.BlobStore;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeletePreview;
import io.imagesaga.deletion.DeleteRecord;
import io.imagesaga.deletion.DeletionEntity;
import io.imagesaga.deletion.Deletions;
import io.imagesaga.deletion.ImageActionMetrics;
import io.imagesaga.deletion.ImagePrune;
import io.imagesaga.deletion.PruneEffects;
import io.imagesaga.deletion.PruneFilters;
import io.imagesaga.deletion.PruneOnce;
import io.imagesaga.deletion.PrunePlan;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageState;
import io.imagesaga.metrics.NodeMetrics;
import io.imagesaga.operation.OperationPlan;
import io.imagesaga.operation.Operations;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.repository.RepositoryCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The image operations of the node agent, as the HTTP API and the tests call them. Every method
 * is asynchronous and fails, when it fails, with a {@link RejectedException} whose rejection is
 * dockerd's answer to the same request. Every method that changes images takes the
 * {@link Provenance} of the request, journaled with each delete and operation it starts.
 */
public final class ImageService {
  private final Entities entities;
  private final NameResolver resolver;
  private final Deletions deletions;
  private final Operations operations;
  private final ImagePrune prune;
  private final DeletePreview preview;
  private final FleetParts fleetParts;
  private final ActorRef<Catalog.Command> catalog;
  private final BlobStore blobs;
  private final ActorSystem<?> system;
  private final Duration timeout;
  private final ImageActionMetrics actions;
  private final ImageRegistrar registrar;

  /** @param metrics the node's: its prunes are counted, its histories timed there */
  public ImageService(ActorSystem<?> system, Entities entities, NameResolver resolver,
      Deletions deletions, Operations operations, ActorRef<Catalog.Command> catalog,
      BlobStore blobs, Duration timeout, NodeMetrics metrics) {
    this.actions = metrics.imageActions();
    this.system = system;
    this.blobs = blobs;
    this.registrar = new ImageRegistrar(entities, operations, blobs);
    this.entities = entities;
    this.catalog = catalog;
    this.timeout = timeout;
    this.resolver = resolver;
    this.deletions = deletions;
    this.operations = operations;
    this.prune = new ImagePrune(PruneEffects.of(deletions, entities), metrics.sagas());
    this.preview = new DeletePreview(entities, resolver, Clock.systemUTC());
    this.fleetParts = new FleetParts(deletions, new PruneOnce(prune, deletions, entities),
        preview, this::list);
  }

  public NameResolver resolver() {
    return resolver;
  }

  /** What this host does for the fleet's deletes and prunes. */
  public FleetParts fleetParts() {
    return fleetParts;
  }

  /**
   * Registers an image as {@code docker load} does: see {@link ImageRegistrar#register}.
   */
  public CompletionStage<ImageId> register(
      ImageRegistration registration, Provenance provenance) {
    return registrar.register(registration, provenance);
  }

  /** The leases of a new import (load or pull). */
  public ImportLeases newImport() {
    return new ImportLeases(entities, Clock.systemUTC());
  }

  /** {@code docker tag SOURCE TARGET}: a tag already in use moves to the source's image. */
  public CompletionStage<Done> tag(String source, String target, Provenance provenance) {
    return resolver.resolve(source).thenCompose(resolved -> {
      NamedReference ref = tagReference(target);
      return operations.run(new OperationPlan.SetReference(ref, resolved.id()), provenance);
    });
  }

  /**
   * The image {@code tag} names now, if any (moby's {@code ReferenceStore.Get}): a load reports
   * the tags it takes from other images. Read before the registration moves them, so two
   * concurrent loads of one tag may both report the same old image, as dockerd's would.
   */
  public CompletionStage<Optional<ImageId>> imageTagged(String tag) {
    NamedReference ref;
    try {
      ref = tagReference(tag);
    } catch (RejectedException e) {
      return CompletableFuture.failedFuture(e);
    }
    return entities.<RepositoryCommand.Resolution>repository(ref.repository().name(),
        replyTo -> new RepositoryCommand.Resolve(ref, replyTo))
        .thenApply(RepositoryCommand.Resolution::image);
  }

  /** Records {@code repo@sha256:...} as pointing at {@code image}, as a pull by digest does. */
  public CompletionStage<Done> addDigestReference(
      String reference, ImageId image, Provenance provenance) {
    NamedReference ref;
    try {
      ref = References.parseNormalizedNamed(reference);
    } catch (InvalidReferenceException e) {
      return CompletableFuture.failedFuture(invalidReference(e));
    }
    if (!ref.isCanonical() || ref.isTagged()) {
      return CompletableFuture.failedFuture(new RejectedException(
          new Rejection.InvalidParameter("not a digest reference: " + reference)));
    }
    return operations.run(new OperationPlan.SetReference(ref, image), provenance);
  }

  /** A tag to create: a name, given tag {@code latest} if it has none; never a digest. */
  static NamedReference tagReference(String target) {
    try {
      NamedReference ref = References.parseNormalizedNamed(target);
      if (ref.isCanonical()) {
        throw new RejectedException(new Rejection.InvalidParameter(
            "refusing to create a tag with a digest reference"));
      }
      if (ref.repository().familiarName().equals("sha256")) {
        // moby reference/store.go addReference, for tag, load and pull alike.
        throw new RejectedException(new Rejection.InvalidParameter(
            "refusing to create an ambiguous tag using digest algorithm as name"));
      }
      return ref.withDefaultTag();
    } catch (InvalidReferenceException e) {
      throw invalidReference(e);
    }
  }

  /** {@code docker rmi}: see {@link DeletionEntity}. */
  public CompletionStage<List<DeleteRecord>> delete(
      String name, DeleteOptions options, Provenance provenance) {
    return deletions.delete(name, options, Optional.empty(), provenance);
  }

  /**
   * {@code DELETE /images/{name}?dryrun=1}: the records {@link #delete} would answer now, or a
   * stage failed with the same {@link RejectedException}; nothing changes. See
   * {@link DeletePreview}.
   */
  public CompletionStage<List<DeleteRecord>> previewDelete(String name, DeleteOptions options) {
    return previewDelete(name, options, Optional.empty());
  }

  /** {@link #previewDelete} of a conditional delete ({@link #deleteIf}) when expected. */
  public CompletionStage<List<DeleteRecord>> previewDelete(
      String name, DeleteOptions options, Optional<ImageId> expected) {
    return preview.delete(name, options, expected, List.of());
  }

  /** A delete that happens only while {@code name} still names {@code expected}. */
  public CompletionStage<List<DeleteRecord>> deleteIf(
      String name, DeleteOptions options, ImageId expected, Provenance provenance) {
    return deletions.delete(name, options, Optional.of(expected), provenance);
  }

  /** {@code docker image prune}: see {@link ImagePrune}. */
  public CompletionStage<ImagePrune.Report> prune(PruneFilters filters, Provenance provenance) {
    return prune.run(this::list, filters, provenance);
  }

  /** A prune's dry run: see {@link ImagePrune#plan}. */
  public CompletionStage<PrunePlan> prunePlan(PruneFilters filters) {
    return prune.plan(this::list, filters);
  }

  /** A dry run's plan, executed: see {@link ImagePrune#execute}. */
  public CompletionStage<ImagePrune.Report> pruneByPlan(String token, Provenance provenance) {
    return prune.execute(token, provenance);
  }

  public CompletionStage<ImageState> inspect(String name) {
    return resolver.resolve(name)
        .thenCompose(resolved -> entities.image(resolved.id(), ImageCommand.Get::new));
  }

  /**
   * The image a name resolves to, with its config as registered. Configs are kept after a
   * delete (they are small and content-addressed): the audit trail can still show them, and a
   * re-load finds them in place.
   */
  public CompletionStage<ImageDetails> details(String name) {
    return inspect(name).thenCompose(image -> blobs.get(image.id().digest())
        .thenApply(config -> new ImageDetails(image, config.orElseThrow(() ->
            new IllegalStateException("config blob of " + image.id() + " is missing")))));
  }

  /** Journals {@code action} on the image, for its history and {@code docker events}. */
  public CompletionStage<Done> announce(ImageId image, String action, String actor) {
    return Entities.confirmed(entities.<Confirmation>image(image,
            replyTo -> new ImageCommand.Announce(action, actor, replyTo)))
        .thenApply(c -> Done.getInstance());
  }

  /** {@code docker history}: see {@link ImageHistory}; timed when it succeeds, as dockerd's. */
  public CompletionStage<List<HistoryStep>> history(String name) {
    long start = System.nanoTime();
    return details(name).thenCompose(d -> ImageHistory.of(entities, d.image(), d.config()))
        .thenApply(steps -> {
          actions.succeeded(ImageActionMetrics.HISTORY, start);
          return steps;
        });
  }

  /** An image and its config JSON. */
  public record ImageDetails(ImageState image, byte[] config) {}

  /** Every present image, newest first. */
  public CompletionStage<List<CatalogImage>> list() {
    return AskTimeouts.waitingFor("the catalog", timeout,
        AskPattern.ask(catalog, Catalog.ListImages::new, timeout, system.scheduler()));
  }

  static RejectedException invalidReference(InvalidReferenceException e) {
    return new RejectedException(new Rejection.InvalidReference(e.getMessage()));
  }
}
