package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterList;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.withoutRequestTimeout;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;

import io.imagesaga.Provenance;
import io.imagesaga.Rejection;
import io.imagesaga.reference.ImageId;
import io.imagesaga.service.ImageImporter;
import io.imagesaga.service.ImageLoader;
import io.imagesaga.service.ImagePuller;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The imports, {@code POST /images/load} and {@code POST /images/create} (pull, or {@code docker
 * import} when no {@code fromImage} is named, as dockerd's {@code postImagesCreate}): their answers
 * are dockerd's JSON message streams ({@link Json#stream}), a failure once a stream has
 * started being its last message ({@link StreamErrors}).
 */
final class ImportRoutes {
  private final ImageLoader loader;
  private final ImagePuller puller;
  private final ImageImporter importer;
  private final Limits limits;
  private final Admission loads;
  private final Admission pulls;

  ImportRoutes(ImageLoader loader, ImagePuller puller, Limits limits) {
    this.loader = loader;
    this.puller = puller;
    this.importer = loader.importer();
    this.limits = limits;
    this.loads = new Admission("loads", limits.loads(), limits.queueWait(), limits.retryAfter());
    this.pulls = new Admission("pulls", limits.pulls(), limits.queueWait(), limits.retryAfter());
  }

  /**
   * {@code docker load}: the (chunked) tar is read as a stream; the answer, failures included,
   * is a stream, as dockerd's, which starts writing before it reads. Here it starts once the
   * whole body is in, however early the reader stopped (see {@link RequestBody}), so that the
   * connection stays open for the client's next request. The body may be as large as
   * {@code load-body}; past it the reader fails and the answer is a 413, nothing loaded. A
   * load is let in ({@link Admission}) before it reads, and holds its turn until it ends; it
   * may take any time (no request timeout).
   */
  Route load(Provenance provenance) {
    return withoutRequestTimeout(() -> loads.admit(permit -> withSizeLimit(limits.loadBody(),
        () -> extractMaterializer(materializer -> extractRequestEntity(entity -> {
          RequestBody body = RequestBody.read(entity, materializer);
          CompletionStage<List<String>> lines = loader.load(body.stream(), provenance);
          // A loader that failed before reading (or stopped early) leaves the rest to drop.
          lines.whenComplete((done, failure) -> {
            body.close();
            permit.release();
          });
          return onComplete(body.ended(), ended -> ended.isSuccess() ? loaded(lines)
              : onComplete(lines, done -> complete(done.isSuccess() ? stream(
                  Source.single(messages(done.get())).mapConcat(list -> list))
                  : Errors.response(ended.failed().get()))));
        })))));
  }

  /** The load's answer, as a stream: its lines, or the failure as its last message. */
  private Route loaded(CompletionStage<List<String>> lines) {
    CompletionStage<List<Object>> messages = lines.handle((done, failure) ->
        failure == null ? messages(done) : List.of(StreamErrors.of(failure)));
    return complete(stream(Source.completionStage(messages).mapConcat(list -> list)));
  }

  /** Progress as a message stream, kept alive while the work is quiet. */
  private HttpResponse stream(Source<?, ?> messages) {
    return Json.stream(messages, limits.streamKeepAlive(), () -> true);
  }

  private static List<Object> messages(List<String> lines) {
    return lines.stream().<Object>map(line -> Map.of("stream", line + "\n")).toList();
  }

  /** {@code POST /images/create}: a pull when it names {@code fromImage}, else an import. */
  Route create(Provenance provenance) {
    return parameterList(query -> first(query, "fromImage").isEmpty()
        ? importing(query, provenance) : pull(provenance));
  }

  /**
   * {@code docker import}: the body is the layer's tar ({@code fromSrc=-}); a URL to fetch it
   * from is refused by name. Let in and bounded as a load is ({@link #load}); the answer, once
   * the body is in and the image registered, is dockerd's one message, the new image's ID. A
   * failure before it is an error status, as dockerd has written nothing by then either.
   */
  private Route importing(List<Entry<String, String>> query, Provenance provenance) {
    String source = first(query, "fromSrc");
    if (!source.equals("-")) {
      return complete(Errors.response(new Rejection.InvalidParameter(source.isEmpty()
          ? "import needs fromSrc=- with the tar as the request body"
          : "importing from a URL (fromSrc=" + source + ") is not supported: send the tar as"
              + " the request body with fromSrc=-")));
    }
    ImageImporter.Request request = new ImageImporter.Request(first(query, "repo"),
        first(query, "tag"), first(query, "message"), query.stream()
            .filter(p -> p.getKey().equals("changes")).map(Entry::getValue).toList(),
        first(query, "platform"));
    return withoutRequestTimeout(() -> loads.admit(permit -> withSizeLimit(limits.loadBody(),
        () -> extractMaterializer(materializer -> extractRequestEntity(entity -> {
          RequestBody body = RequestBody.read(entity, materializer);
          CompletionStage<ImageId> imported = importer.importImage(body.stream(), request,
              provenance);
          imported.whenComplete((done, failure) -> {
            body.close();
            permit.release();
          });
          return onComplete(body.ended(), ended -> onComplete(imported, done -> complete(
              done.isSuccess() ? stream(Source.single(Map.of("status", done.get().toString())))
                  : Errors.response(ended.isSuccess() ? done.failed().get()
                      : ended.failed().get()))));
        })))));
  }

  /** A query parameter's first value, as Go's {@code Form.Get}; empty when absent. */
  private static String first(List<Entry<String, String>> query, String name) {
    return query.stream().filter(p -> p.getKey().equals(name)).map(Entry::getValue)
        .findFirst().orElse("");
  }

  /**
   * {@code docker pull}: a bad name or a manifest that cannot be had is an error status, as
   * dockerd answers before its first message; then {@code Pulling from}, the rest as the pull
   * finishes, a failure as the stream's last message. A pull is let in ({@link Admission})
   * before it asks the registry, and holds its turn until it ends; no request timeout.
   */
  private Route pull(Provenance provenance) {
    return withoutRequestTimeout(() -> pulls.admit(permit -> parameterOptional("fromImage",
        from -> parameterOptional("tag", tag -> {
          CompletionStage<ImagePuller.Pull> pull =
              puller.pull(from.orElse(""), tag.orElse(""), provenance);
          pull.whenComplete((started, failure) -> {
            if (failure != null) {
              permit.release();
            } else {
              started.finished().whenComplete((messages, failed) -> permit.release());
            }
          });
          return ImageRoutes.answer(pull, this::pulling);
        }))));
  }

  private HttpResponse pulling(ImagePuller.Pull pull) {
    CompletionStage<List<Object>> rest = pull.finished().handle((messages, failure) ->
        failure == null ? List.copyOf(messages) : List.of(StreamErrors.of(failure)));
    return stream(Source.<Object>single(pull.started())
        .concat(Source.completionStage(rest).mapConcat(list -> list)));
  }
}
