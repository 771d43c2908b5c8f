package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterList;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.withoutRequestTimeout;

import io.imagesaga.Failures;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeleteRecord;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.service.ImageSaver;
import io.imagesaga.service.ImageService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** The handlers of {@code /images/...}; {@link Routes} says which serves which path. */
final class ImageRoutes {
  private final ImageService images;
  private final ImageSaver saver;
  private final Admission saves;
  private final Duration idleTimeout;

  ImageRoutes(ImageService images, ImageSaver saver, Limits limits) {
    this.images = images;
    this.saver = saver;
    this.saves = new Admission("saves", limits.saves(), limits.queueWait(), limits.retryAfter());
    this.idleTimeout = limits.idleTimeout();
  }

  /** {@code GET /images/json}. */
  Route list() {
    return parameterOptional("all", all -> parameterOptional("filters", json -> {
      Filters filters;
      try {
        filters = Filters.parse(json, ImageListing.FILTERS);
      } catch (RejectedException e) {
        return complete(Errors.response(e));
      }
      CompletionStage<List<ImageQuery.Match>> listing =
          ImageQuery.createdOf(images, filters.get("before"))
          .thenCombine(ImageQuery.createdOf(images, filters.get("since")), List::of)
          .thenCompose(bounds -> images.list().thenApply(list -> ImageListing.list(list,
              Query.bool(all), filters, bounds.get(0), bounds.get(1))));
      return answer(listing, ImageListJson::response);
    }));
  }

  /**
   * {@code docker save}: the archive streams as it is written (see {@link ImageSaver}). A save
   * is let in ({@link Admission}) and holds its turn while its archive streams; no request
   * timeout.
   */
  Route save(List<String> names) {
    return withoutRequestTimeout(() -> saves.admit(permit -> {
      CompletionStage<Source<ByteString, NotUsed>> archive = saver.save(names);
      archive.whenComplete((ready, failure) -> {
        if (failure != null) {
          permit.release();
        }
      });
      return answer(archive, tar -> HttpResponse.create().withEntity(HttpEntities.createChunked(
          ContentTypes.create(MediaTypes.APPLICATION_X_TAR), permit.heldBy(tar, idleTimeout))));
    }));
  }

  /** {@code GET /images/{name}/history}. */
  Route history(String name) {
    return answer(images.history(name), Json::ok);
  }

  /** {@code GET /images/get?names=…}: {@code docker save}. */
  Route saveNamed() {
    return parameterList("names", this::save);
  }

  /** moby's {@code GET /images/{name}/get}: one image's save (the Python SDK's Image.save). */
  Route saveOne(String name) {
    return save(List.of(name));
  }

  Route inspect(String name) {
    return answer(images.details(name), details -> Json.ok(ImageInspectView.of(details)));
  }

  /**
   * {@code docker rmi}. Extensions: with {@code expected=<image ID>} the delete happens only if
   * the name still names that image, else 412 and nothing changes; with {@code dryrun=1} the
   * answer is what the delete would answer now, and nothing changes.
   */
  Route remove(String name, Provenance provenance) {
    return parameterOptional("force", force -> parameterOptional("noprune", noprune ->
        parameterOptional("expected", expected -> parameterOptional("dryrun", dryRun -> {
          DeleteOptions options = new DeleteOptions(Query.bool(force), !Query.bool(noprune));
          CompletionStage<List<DeleteRecord>> deleted;
          try {
            Optional<ImageId> image = expected.isEmpty() ? Optional.empty()
                : Optional.of(Query.imageId("expected", expected.get()));
            deleted = Query.bool(dryRun) ? images.previewDelete(name, options, image)
                : image.isEmpty() ? images.delete(name, options, provenance)
                : images.deleteIf(name, options, image.get(), provenance);
          } catch (RejectedException e) {
            return complete(Errors.response(e));
          }
          return answer(deleted, records -> Json.ok(records.stream()
              .map(ImageRoutes::item).toList()));
        }))));
  }

  /**
   * moby image_routes.go postImagesTag (v28): the target first ({@code RepoTagReference}, then
   * the {@code sha256} name), 400; then the source, whose failure is wrapped in
   * {@code errdefs.NotFound} (404, its text kept).
   */
  Route tag(String name, Provenance provenance) {
    return parameterOptional("repo", repo -> parameterOptional("tag", tag -> {
      String target = repo.orElse("") + tag.filter(t -> !t.isEmpty()).map(t -> ":" + t)
          .orElse("");
      if (repo.orElse("").isEmpty()) {
        // dockerd answers an empty 200 here (RepoTagReference gives nil, nil) and tags
        // nothing; a refusal says more.
        return answer(images.tag(name, target, provenance),
            done -> HttpResponse.create().withStatus(StatusCodes.CREATED));
      }
      try {
        target = tagTarget(repo.get(), tag.orElse(""));
      } catch (RejectedException e) {
        return complete(Errors.response(e));
      }
      return onComplete(images.tag(name, target, provenance), attempt -> complete(
          attempt.isSuccess() ? HttpResponse.create().withStatus(StatusCodes.CREATED)
              : Errors.response(sourceNotFound(attempt.failed().get()))));
    }));
  }

  /** {@code httputils.RepoTagReference} and the ambiguous-name check, as a full name:tag. */
  private static String tagTarget(String repo, String tag) {
    NamedReference ref;
    try {
      ref = References.parseNormalizedNamed(repo);
      if (ref.isCanonical()) {
        throw invalid("cannot import digest reference");
      }
      ref = tag.isEmpty() ? ref.withDefaultTag() : NamedReference.tagged(ref.repository(), tag);
    } catch (InvalidReferenceException e) {
      throw invalid(e.getMessage());
    }
    if (ref.repository().familiarName().equals("sha256")) {
      throw invalid("refusing to create an ambiguous tag using digest algorithm as name");
    }
    return ref.repository().name() + ":" + ref.tag();
  }

  private static Throwable sourceNotFound(Throwable failure) {
    Throwable cause = Failures.cause(failure);
    if (cause instanceof RejectedException r
        && r.rejection() instanceof Rejection.InvalidReference invalid) {
      return new RejectedException(new Rejection.NotFound(invalid.message()));
    }
    return cause;
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }

  static Map<String, String> item(DeleteRecord record) {
    return Map.of(record instanceof DeleteRecord.Untagged ? "Untagged" : "Deleted",
        record.value());
  }

  static <T> Route answer(CompletionStage<T> result, Function<T, HttpResponse> success) {
    return onComplete(result, attempt -> complete(attempt.isSuccess()
        ? success.apply(attempt.get()) : Errors.response(attempt.failed().get())));
  }


}
