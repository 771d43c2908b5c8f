package io.imagesaga.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.util.function.BooleanSupplier;
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
  /** A newline of its own, told apart from the messages' by identity. */
  private static final ByteString KEEP_ALIVE = ByteString.fromString("\n");

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

  /**
   * {@link #stream} of work that may go quiet for longer than the idle timeout (a load
   * registering, a pull downloading, {@code docker events} following): {@link #lines}.
   */
  static <T> HttpResponse stream(Source<T, ?> messages, Duration keepAlive,
      BooleanSupplier wanted) {
    return HttpResponse.create().withStatus(StatusCodes.OK).withEntity(
        HttpEntities.createChunked(ContentTypes.APPLICATION_JSON,
            lines(messages, keepAlive, wanted)));
  }

  /**
   * One line per message, and a bare newline after each {@code keepAlive} without one while
   * {@code wanted}, so that the connection is never idle: the docker CLI's and the Python
   * SDK's decoders skip whitespace between messages. A stream whose work ends with messages
   * (a load's, a pull's) never ends with a keep-alive.
   */
  static <T> Source<ByteString, ?> lines(Source<T, ?> messages, Duration keepAlive,
      BooleanSupplier wanted) {
    return messages.map(Json::line).keepAlive(keepAlive, () -> KEEP_ALIVE)
        .filter(line -> line != KEEP_ALIVE || wanted.getAsBoolean());
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
