package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;

import io.imagesaga.Provenance;
import io.imagesaga.service.ImageLoader;
import io.imagesaga.service.ImagePuller;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The imports, {@code POST /images/load} and {@code POST /images/create} (pull): their answers
 * are dockerd's JSON message streams ({@link Json#stream}), a failure once a stream has
 * started being its last message ({@link StreamErrors}).
 */
final class ImportRoutes {
  private final ImageLoader loader;
  private final ImagePuller puller;
  private final Limits limits;

  ImportRoutes(ImageLoader loader, ImagePuller puller, Limits limits) {
    this.loader = loader;
    this.puller = puller;
    this.limits = limits;
  }

  /**
   * {@code docker load}: the (chunked) tar is read as a stream; the answer, failures included,
   * is a stream, as dockerd's, which starts writing before it reads. Here it starts once the
   * whole body is in, however early the reader stopped (see {@link RequestBody}), so that the
   * connection stays open for the client's next request. The body may be as large as
   * {@code load-body}; past it the reader fails and the answer is a 413, nothing loaded.
   */
  Route load(Provenance provenance) {
    return withSizeLimit(limits.loadBody(), () -> extractMaterializer(materializer ->
        extractRequestEntity(entity -> {
          RequestBody body = RequestBody.read(entity, materializer);
          CompletionStage<List<String>> lines = loader.load(body.stream(), provenance);
          // A loader that failed before reading (or stopped early) leaves the rest to drop.
          lines.whenComplete((done, failure) -> body.close());
          return onComplete(body.ended(), ended -> ended.isSuccess() ? loaded(lines)
              : onComplete(lines, done -> complete(done.isSuccess() ? Json.stream(
                  Source.single(messages(done.get())).mapConcat(list -> list))
                  : Errors.response(ended.failed().get()))));
        })));
  }

  /** The load's answer, as a stream: its lines, or the failure as its last message. */
  private static Route loaded(CompletionStage<List<String>> lines) {
    CompletionStage<List<Object>> messages = lines.handle((done, failure) ->
        failure == null ? messages(done) : List.of(StreamErrors.of(failure)));
    return complete(Json.stream(Source.completionStage(messages).mapConcat(list -> list)));
  }

  private static List<Object> messages(List<String> lines) {
    return lines.stream().<Object>map(line -> Map.of("stream", line + "\n")).toList();
  }

  /**
   * {@code docker pull}: a bad name or a manifest that cannot be had is an error status, as
   * dockerd answers before its first message; then {@code Pulling from}, the rest as the pull
   * finishes, a failure as the stream's last message.
   */
  Route pull(Provenance provenance) {
    return parameterOptional("fromImage", from -> parameterOptional("tag", tag ->
        ImageRoutes.answer(puller.pull(from.orElse(""), tag.orElse(""), provenance),
            ImportRoutes::pulling)));
  }

  private static HttpResponse pulling(ImagePuller.Pull pull) {
    CompletionStage<List<Object>> rest = pull.finished().handle((messages, failure) ->
        failure == null ? List.copyOf(messages) : List.of(StreamErrors.of(failure)));
    return Json.stream(Source.<Object>single(pull.started())
        .concat(Source.completionStage(rest).mapConcat(list -> list)));
  }
}
