package io.imagesaga.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** JSON bodies as dockerd writes them: {@code application/json}, no charset parameter. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  static HttpResponse ok(Object body) {
    return response(StatusCodes.OK, body);
  }

  /** A JSON message stream: one object per line, as dockerd streams load and pull output. */
  static HttpResponse lines(List<?> messages) {
    StringBuilder body = new StringBuilder();
    try {
      for (Object message : messages) {
        body.append(MAPPER.writeValueAsString(message)).append('\n');
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return HttpResponse.create().withStatus(StatusCodes.OK)
        .withEntity(ContentTypes.APPLICATION_JSON, body.toString().getBytes(UTF_8));
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
