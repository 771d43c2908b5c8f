package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.Test;

/** The error map: typed rejections get their status; nothing else shows its exception. */
class ErrorsTest {

  @Test
  void an_unavailable_rejection_is_a_503_with_its_message() {
    var response = Errors.response(new CompletionException(new RejectedException(
        new Rejection.Unavailable("timed out after 10s waiting for image x; try again"))));
    assertThat(response.status().intValue()).isEqualTo(503);
    assertThat(body(response))
        .isEqualTo("{\"message\":\"timed out after 10s waiting for image x; try again\"}");
  }

  @Test
  void a_forbidden_request_is_a_403_with_its_reason() {
    var response = Errors.response(new Rejection.Forbidden(
        "forbidden: CN=reader lacks the delete permission that DELETE /images/a needs"));
    assertThat(response.status().intValue()).isEqualTo(403);
    assertThat(response.entity().getContentType().toString()).isEqualTo("application/json");
    assertThat(body(response)).isEqualTo("{\"message\":\"forbidden: CN=reader lacks the"
        + " delete permission that DELETE /images/a needs\"}");
  }

  @Test
  void a_failure_that_is_no_rejection_never_shows_its_text() {
    var response = Errors.response(new CompletionException(
        new IllegalStateException("config blob of sha256:abc is missing")));
    assertThat(response.status().intValue()).isEqualTo(500);
    assertThat(body(response))
        .isEqualTo("{\"message\":\"internal error: the node's log has the details\"}");
    assertThat(StreamErrors.of(new NullPointerException("secret")).toString())
        .doesNotContain("secret").contains("internal error");
  }

  @Test
  void a_timeout_no_ask_named_is_still_a_503() {
    var response = Errors.response(new CompletionException(
        new TimeoutException("Ask timed out on [Actor[pekko://x]] after [10000 ms]")));
    assertThat(response.status().intValue()).isEqualTo(503);
    assertThat(body(response))
        .isEqualTo("{\"message\":\"timed out waiting for the node; try again\"}");
  }

  private static String body(HttpResponse response) {
    return ((HttpEntity.Strict) response.entity()).getData().utf8String();
  }
}
