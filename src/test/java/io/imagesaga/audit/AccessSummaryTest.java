package io.imagesaga.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.Provenance;
import io.imagesaga.deletion.DeleteOptions;
import io.imagesaga.deletion.DeletePlan;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.reference.ImageId;
import io.imagesaga.security.AccessEvent;
import io.imagesaga.security.Permission;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Audit output names the client certificate of every change and every refusal. */
class AccessSummaryTest {
  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
  private static final Provenance READER = new Provenance("10.0.0.9:4000",
      "Docker-Client/28.2.2 (linux)", "req-9", "CN=reader");
  private static final AccessEvent.Refused REFUSED = new AccessEvent.Refused(READER, "DELETE",
      "/v1.47/images/a:1", "a:1", Permission.DELETE, AT);

  @Test
  void a_change_names_the_certificate_that_asked_for_it() {
    ImageId image = ImageId.fromConfig("a".getBytes(StandardCharsets.UTF_8));
    var started = new DeletionEvent.Started(new DeletePlan(image, Optional.empty(),
        image.hex(), DeleteOptions.defaults(), Optional.empty()), READER, AT);
    assertThat(EventSummary.of(started)).endsWith(" by 10.0.0.9:4000 as CN=reader"
        + " \"Docker-Client/28.2.2 (linux)\" request req-9");
    var plain = new DeletionEvent.Started(started.plan(), new Provenance("10.0.0.9:4000",
        "curl", "req-1", ""), AT);
    assertThat(EventSummary.of(plain)).endsWith(" by 10.0.0.9:4000 \"curl\" request req-1");
  }

  @Test
  void a_refusal_says_what_was_refused_to_whom_and_what_it_needed() {
    assertThat(EventSummary.of(REFUSED)).isEqualTo("refused DELETE /v1.47/images/a:1 (needs"
        + " delete) by 10.0.0.9:4000 as CN=reader \"Docker-Client/28.2.2 (linux)\" request"
        + " req-9");
    assertThat(EventSummary.of(new AccessEvent.RefusalsRepeated("CN=reader", Permission.DELETE,
        41, AT, REFUSED, AT.plusSeconds(10)))).isEqualTo("refused 41 more requests of"
            + " CN=reader needing delete since 2026-03-01T10:00:00Z; the last: DELETE"
            + " /v1.47/images/a:1 by 10.0.0.9:4000 as CN=reader \"Docker-Client/28.2.2 (linux)\""
            + " request req-9");
    assertThat(EventSummary.of(new AccessEvent.RefusalsRepeated("", Permission.READ, 3, AT,
        REFUSED, AT))).startsWith("refused 3 more requests of clients without a certificate");
    assertThat(EventSummary.of(new AccessEvent.RefusalsRepeated(
        AccessEvent.RefusalsRepeated.OTHERS, Permission.READ, 3, AT, REFUSED, AT)))
        .startsWith("refused 3 more requests of further clients");
  }
}
