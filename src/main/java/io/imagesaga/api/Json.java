package io.imagesaga.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** JSON bodies as dockerd writes them: {@code application/json}, no charset parameter. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private static final ByteString NEWLINE = ByteString.fromString("\n");

  private Json() {}

  static HttpResponse ok(Object body) {
    return response(StatusCodes.OK, body);
  }

  /**
   * A JSON message stream as dockerd writes load and pull progress: {@code 200},
   * {@code application/json}, chunked, one object and a newline per chunk. Clients decide by
   * the chunking that it is a stream (the Python SDK parses an unchunked body as one document).
   */
  static <T> HttpResponse stream(Source<T, ?> messages) {
    return HttpResponse.create().withStatus(StatusCodes.OK).withEntity(
        HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, messages.map(Json::line)));
  }

  private static ByteString line(Object message) throws JsonProcessingException {
    return ByteString.fromArray(MAPPER.writeValueAsBytes(message)).concat(NEWLINE);
  }

  static HttpResponse response(StatusCode status, Object body) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
