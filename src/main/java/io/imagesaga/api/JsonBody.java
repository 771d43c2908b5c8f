package io.imagesaga.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A request's whole body as text, read within {@code json-body} bytes and
 * {@code request-timeout}. A body past the limit is the error map's 413, a body that does not
 * arrive in time its 503; neither reaches {@code inner}. (The {@code entity} directive would
 * reject instead, and the route table would answer 404.)
 */
final class JsonBody {
  private JsonBody() {}

  static Route read(Limits limits, Function<String, Route> inner) {
    // The entity's own limit fails with the size it saw; toStrict's would not name it.
    return withSizeLimit(limits.jsonBody(), () -> extractMaterializer(materializer ->
        extractRequestEntity(entity -> onComplete(
            entity.toStrict(limits.requestTimeout().toMillis(), Long.MAX_VALUE, materializer),
            strict -> strict.isSuccess()
                ? inner.apply(strict.get().getData().decodeString(StandardCharsets.UTF_8))
                : complete(Errors.response(strict.failed().get()))))));
  }
}
