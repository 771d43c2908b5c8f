package io.imagesaga.catalog;

import io.imagesaga.AskTimeouts;
import io.imagesaga.Entities;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.image.ImageCommand;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.DigestReference;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.ParsedReference;
import io.imagesaga.reference.References;
import io.imagesaga.repository.RepositoryCommand;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * moby's {@code GetImage}: turns what a client typed into an image ID.
 *
 * <ol>
 *   <li>64 hex characters or a valid {@code algo:hex} digest name the image with that ID;
 *   <li>any other name is looked up in its repository (tag {@code latest} by default; with both
 *       a tag and a digest, only the digest);
 *   <li>failing that, the input is searched as an ID prefix ({@code sha256:} optional); an
 *       ambiguous prefix is not found.
 * </ol>
 *
 * A name that does not parse fails with {@link Rejection.InvalidReference} (400); one that names
 * nothing with {@code No such image: <familiar name with default tag>} (404). Resolving is on
 * the request's path, also within a delete (before its plan is journaled): it is given the
 * {@link Entities#forClients() client} entities, and a timeout is {@link Rejection.Unavailable}.
 */
public final class NameResolver {

  /** The image found, and the parsed name when the input was a name. */
  public record Resolved(ImageId id, Optional<NamedReference> name) {}

  private final Entities entities;
  private final ActorRef<Catalog.Command> catalog;
  private final ActorSystem<?> system;
  private final Duration timeout;

  public NameResolver(Entities entities, ActorRef<Catalog.Command> catalog,
      ActorSystem<?> system, Duration timeout) {
    this.entities = entities;
    this.catalog = catalog;
    this.system = system;
    this.timeout = timeout;
  }

  public CompletionStage<Resolved> resolve(String input) {
    ParsedReference parsed;
    try {
      parsed = References.parseAny(input);
    } catch (InvalidReferenceException e) {
      return CompletableFuture.failedFuture(
          new RejectedException(new Rejection.InvalidReference(e.getMessage())));
    }
    if (parsed instanceof DigestReference digest) {
      return byId(digest);
    }
    return byName((NamedReference) parsed, input);
  }

  private CompletionStage<Resolved> byId(DigestReference digest) {
    String notFound = "No such image: " + digest.digest();
    if (!digest.digest().algorithm().equals("sha256")) {
      return CompletableFuture.failedFuture(new RejectedException(
          new Rejection.NotFound(notFound)));
    }
    ImageId id = ImageId.of(digest.digest());
    return entities.<ImageState>image(id, ImageCommand.Get::new).thenApply(state -> {
      if (!state.isPresent()) {
        throw new RejectedException(new Rejection.NotFound(notFound));
      }
      return new Resolved(id, Optional.empty());
    });
  }

  private CompletionStage<Resolved> byName(NamedReference name, String input) {
    NamedReference lookup = name.withDefaultTag().favorDigest();
    return entities.<RepositoryCommand.Resolution>repository(lookup.repository().name(),
            replyTo -> new RepositoryCommand.Resolve(lookup, replyTo))
        .thenCompose(resolution -> resolution.image().isPresent()
            ? CompletableFuture.completedFuture(resolution.image())
            : searchId(input))
        .thenApply(found -> found.map(id -> new Resolved(id, Optional.of(name)))
            .orElseThrow(() -> new RejectedException(new Rejection.NotFound(
                "No such image: " + name.withDefaultTag().familiarString()))));
  }

  /** moby's {@code imageStore.Search}. */
  public CompletionStage<Optional<ImageId>> searchId(String term) {
    return AskTimeouts.waitingFor("the catalog", timeout, AskPattern.ask(catalog,
        (ActorRef<Optional<ImageId>> replyTo) -> new Catalog.SearchImage(term, replyTo),
        timeout, system.scheduler()));
  }
}
