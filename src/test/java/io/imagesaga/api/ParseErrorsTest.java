package io.imagesaga.api;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.testkit.NodeExtension;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests so malformed that no route sees them, answered by the HTTP parser
 * ({@link ParseErrors}): never a 5xx (the fuzz, ApiFuzzTest, found Pekko's 501 for a method
 * it does not know and 505 for a request line with a space in its target), always dockerd's
 * {@code {"message": ...}}.
 */
class ParseErrorsTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** dockerd's router answers every method it does not route with its not-found handler. */
  @Test
  void a_method_no_route_knows_is_dockerds_page_not_found() throws Exception {
    SoftAssertions softly = new SoftAssertions();
    for (String method : new String[] {"FOO", "PRI", "get", "PROPFIND"}) {
      RawConnection.Response answer = send(method + " /v1.47/images/json HTTP/1.1\r\n"
          + "Host: imagesaga\r\n\r\n");
      softly.assertThat(answer.status()).as(method).isEqualTo(404);
      softly.assertThat(answer.header("Content-Type")).as(method).isEqualTo("application/json");
      softly.assertThat(JSON.readTree(answer.body()).path("message").asText()).as(method)
          .isEqualTo("page not found");
    }
    softly.assertAll();
  }

  /** Go's server: a request line it cannot split into three parts is a 400. */
  @Test
  void a_request_line_with_a_space_in_its_target_is_a_bad_request() throws Exception {
    RawConnection.Response answer = send("GET /v1.47/events?until= 5 HTTP/1.1\r\n"
        + "Host: imagesaga\r\n\r\n");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(JSON.readTree(answer.body()).path("message").asText()).isNotBlank();
  }

  @Test
  void other_parse_errors_keep_their_4xx_and_say_why_as_dockerd_does() throws Exception {
    RawConnection.Response answer = send("GET /_ping HTTP/1.1\r\n\r\n");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(JSON.readTree(answer.body()).path("message").asText())
        .contains("Host");
  }

  private static RawConnection.Response send(String head) throws Exception {
    try (RawConnection connection = new RawConnection(NODE.port())) {
      connection.send(head.getBytes(US_ASCII));
      return connection.read();
    }
  }
}
