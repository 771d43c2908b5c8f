package io.imagesaga.service;

import io.imagesaga.Confirmation;
import io.imagesaga.Entities;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.catalog.Catalog;
import io.imagesaga.catalog.NameResolver;
import io.imagesaga.content.BlobStore;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeleteRecord;
import io.imagesaga.deletion.DeleteSaga;
import io.imagesaga.deletion.ImagePrune;
import io.imagesaga.deletion.PruneFilters;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageCommand.Registration;
import io.imagesaga.image.ImageMetadata;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.LayerCommand;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.repository.RepositoryCommand;
import io.imagesaga.service.ImageRegistration.LayerSpec;
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
 * dockerd's answer to the same request.
 */
public final class ImageService {
  private final Entities entities;
  private final NameResolver resolver;
  private final DeleteSaga deleteSaga;
  private final ImagePrune prune;
  private final ActorRef<Catalog.Command> catalog;
  private final BlobStore blobs;
  private final ActorSystem<?> system;
  private final Duration timeout;

  public ImageService(ActorSystem<?> system, Entities entities,
      ActorRef<Catalog.Command> catalog, BlobStore blobs, Duration timeout) {
    this.system = system;
    this.blobs = blobs;
    this.entities = entities;
    this.catalog = catalog;
    this.timeout = timeout;
    this.resolver = new NameResolver(entities, catalog, system, timeout);
    this.deleteSaga = new DeleteSaga(entities, resolver, blobs);
    this.prune = new ImagePrune(deleteSaga, entities);
  }

  public NameResolver resolver() {
    return resolver;
  }

  /**
   * Registers an image as {@code docker load} does: a present image is left as it is (its tags
   * are still applied); a new one holds its layers and becomes a child of its parent, which
   * must be present and whose layers must be a prefix of the image's.
   */
  public CompletionStage<ImageId> register(ImageRegistration registration) {
    ImageMetadata metadata;
    List<Digest> chain;
    try {
      ImageConfigs.Summary config = ImageConfigs.read(registration.config());
      List<Digest> diffIds = registration.layers().stream().map(LayerSpec::diffId).toList();
      ImageConfigs.checkLayers(config, diffIds);
      chain = ChainIds.of(diffIds);
      metadata = new ImageMetadata(ImageId.fromConfig(registration.config()),
          registration.parent(), chain.isEmpty() ? Optional.empty()
              : Optional.of(chain.get(chain.size() - 1)), config.created(), config.os(),
          registration.layers().stream().mapToLong(LayerSpec::size).sum(), config.labels());
    } catch (RejectedException e) {
      return CompletableFuture.failedFuture(e);
    }
    return checkParent(metadata, chain)
        // No layer holds the staged blobs yet: a refused parent must not leave them behind.
        .exceptionallyCompose(refused -> discardBlobs(registration.layers(),
            registration.layers().size() - 1).thenCompose(done ->
                CompletableFuture.<Done>failedFuture(refused)))
        .thenCompose(ok -> blobs.put(registration.config()))
        .thenCompose(stored -> entities.<Registration>image(metadata.id(),
            replyTo -> new ImageCommand.Register(metadata, replyTo)))
        .thenCompose(registered -> registered == Registration.CREATED
            ? holdLayers(registration.layers(), chain, chain.size() - 1)
                .thenCompose(done -> adoptByParent(metadata))
            : discardBlobs(registration.layers(), chain.size() - 1))
        .thenCompose(done -> tagAll(metadata.id(), registration.tags()))
        .thenApply(done -> metadata.id());
  }

  private CompletionStage<Done> checkParent(ImageMetadata image, List<Digest> chain) {
    if (image.parent().isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    ImageId parent = image.parent().get();
    return entities.<ImageState>image(parent, ImageCommand.Get::new).thenApply(state -> {
      if (!state.isPresent()) {
        throw new RejectedException(new Rejection.NotFound("No such image: " + parent));
      }
      Optional<Digest> top = state.metadata().topLayer();
      if (top.isPresent() && !chain.contains(top.get())) {
        throw new RejectedException(new Rejection.InvalidParameter(
            "invalid parent " + parent + ": its layers are not a prefix of the image's"));
      }
      return Done.getInstance();
    });
  }

  /**
   * Acquires the layer at {@code index}, and its parent layer whenever it was newly created.
   * Each acquired layer takes its staged blob; the blobs of layers never asked are discarded.
   */
  private CompletionStage<Done> holdLayers(List<LayerSpec> layers, List<Digest> chain, int index) {
    if (index < 0) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    Optional<Digest> parent = index == 0 ? Optional.empty() : Optional.of(chain.get(index - 1));
    LayerSpec layer = layers.get(index);
    return entities.<LayerCommand.Acquired>layer(chain.get(index), replyTo ->
            new LayerCommand.Acquire(parent, layer.diffId(), layer.size(), layer.blob(), replyTo))
        .thenCompose(acquired -> acquired == LayerCommand.Acquired.CREATED
            ? holdLayers(layers, chain, index - 1)
            : discardBlobs(layers, index));
  }

  private CompletionStage<Done> discardBlobs(List<LayerSpec> layers, int upTo) {
    return CompletableFuture.allOf(layers.subList(0, upTo + 1).stream()
            .flatMap(layer -> layer.blob().stream())
            .map(blob -> blobs.discard(blob).toCompletableFuture())
            .toArray(CompletableFuture[]::new))
        .thenApply(done -> Done.getInstance());
  }

  private CompletionStage<Done> adoptByParent(ImageMetadata image) {
    if (image.parent().isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return Entities.confirmed(entities.image(image.parent().get(),
            replyTo -> new ImageCommand.AddChild(image.id(), replyTo)))
        .thenApply(c -> Done.getInstance());
  }

  private CompletionStage<Done> tagAll(ImageId image, List<String> tags) {
    CompletionStage<Done> chain = CompletableFuture.completedFuture(Done.getInstance());
    for (String tag : tags) {
      chain = chain.thenCompose(done -> parseTag(tag))
          .thenCompose(ref -> setReference(ref, image));
    }
    return chain;
  }

  /** {@code docker tag SOURCE TARGET}: a tag already in use moves to the source's image. */
  public CompletionStage<Done> tag(String source, String target) {
    return resolver.resolve(source).thenCompose(resolved -> parseTag(target)
        .thenCompose(ref -> setReference(ref, resolved.id())));
  }

  /** Records {@code repo@sha256:...} as pointing at {@code image}, as a pull by digest does. */
  public CompletionStage<Done> addDigestReference(String reference, ImageId image) {
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
    return setReference(ref, image);
  }

  private static CompletionStage<NamedReference> parseTag(String target) {
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
      return CompletableFuture.completedFuture(ref.withDefaultTag());
    } catch (InvalidReferenceException e) {
      return CompletableFuture.failedFuture(invalidReference(e));
    } catch (RejectedException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The image first, so a reference never names an image that refused it. */
  private CompletionStage<Done> setReference(NamedReference ref, ImageId image) {
    return Entities.confirmed(entities.<Confirmation>image(image,
            replyTo -> new ImageCommand.AddReference(ref, replyTo)))
        .thenCompose(c -> entities.<RepositoryCommand.Resolution>repository(
            ref.repository().name(), replyTo -> new RepositoryCommand.SetReference(
                ref, image, replyTo)))
        .thenCompose(previous -> previous.image().filter(p -> !p.equals(image))
            .map(p -> Entities.confirmed(entities.<Confirmation>image(p,
                replyTo -> new ImageCommand.RemoveReference(ref, replyTo))))
            .orElse(CompletableFuture.completedFuture(Confirmation.confirmed())))
        .thenApply(c -> Done.getInstance());
  }

  /** {@code docker rmi}: see {@link DeleteSaga}. */
  public CompletionStage<List<DeleteRecord>> delete(String name, DeleteOptions options) {
    return deleteSaga.run(name, options);
  }

  /** {@code docker image prune}: see {@link ImagePrune}. */
  public CompletionStage<ImagePrune.Report> prune(PruneFilters filters) {
    return prune.run(this::list, filters);
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

  /** {@code docker history}: see {@link ImageHistory}. */
  public CompletionStage<List<HistoryStep>> history(String name) {
    return details(name).thenCompose(d -> ImageHistory.of(entities, d.image(), d.config()));
  }

  /** An image and its config JSON. */
  public record ImageDetails(ImageState image, byte[] config) {}

  /** Every present image, in no particular order. */
  public CompletionStage<List<ImageState>> list() {
    return AskPattern.ask(catalog, Catalog.ListImages::new, timeout, system.scheduler());
  }

  static RejectedException invalidReference(InvalidReferenceException e) {
    return new RejectedException(new Rejection.InvalidReference(e.getMessage()));
  }
}
