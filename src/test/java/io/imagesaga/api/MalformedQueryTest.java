package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.reference.ImageId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Bad query values: event times, booleans, pull references. */
class MalformedQueryTest extends MalformedInputSupport {

  // ---- query values -----------------------------------------------------------------------

  /**
   * moby system_routes.go getEvents: {@code eventTime} is {@code ParseTimestamps}, whose
   * {@code strconv.ParseInt} error dockerd returns untyped (500; a 400 here, same text);
   * {@code since} after {@code until} is an {@code invalidRequestError} (400).
   */
  @Test
  void events_times_must_be_unix_timestamps() throws Exception {
    SoftAssertions softly = new SoftAssertions();
    expectError(softly, send("GET", "/v1.47/events?since=abc&until=1"), 400,
        "strconv.ParseInt: parsing \"abc\": invalid syntax");
    expectError(softly, send("GET", "/v1.47/events?since=0&until=abc"), 400,
        "strconv.ParseInt: parsing \"abc\": invalid syntax");
    expectError(softly, send("GET", "/v1.47/events?since=1.x&until=2"), 400,
        "strconv.ParseInt: parsing \"x\": invalid syntax");
    // The CLI turns dates into unix seconds; the API itself takes none.
    expectError(softly, send("GET", "/v1.47/events?since=2024-01-01T00:00:00Z&until=2"), 400,
        "strconv.ParseInt: parsing \"2024-01-01T00:00:00Z\": invalid syntax");
    expectError(softly, send("GET", "/v1.47/events?since=10&until=3"), 400,
        "`since` time (10) cannot be after `until` time (3)");
    softly.assertAll();
  }

  @Test
  void events_until_in_the_past_ends_at_once_and_in_the_future_when_it_comes()
      throws Exception {
    long now = Instant.now().getEpochSecond();
    var past = send("GET", "/v1.47/events?since=0&until=" + (now - 1));
    assertThat(past.statusCode()).isEqualTo(200);
    for (String line : past.body().split("\n")) {
      if (!line.isBlank()) {
        assertThat(JSON.readTree(line).path("time").asLong()).isLessThanOrEqualTo(now - 1);
      }
    }
    Instant until = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 2);
    var future = send("GET", "/v1.47/events?since=" + until.getEpochSecond() + "&until="
        + until.getEpochSecond());
    Instant ended = Instant.now();
    assertThat(future.statusCode()).isEqualTo(200);
    assertThat(future.body()).isEmpty();
    assertThat(ended).isAfterOrEqualTo(until.minusMillis(100));
  }

  /** moby httputils.BoolValue: "", 0, no, false and none are false; anything else is true. */
  @Test
  void bool_query_values_read_as_dockerd_reads_them() throws Exception {
    ImageId forced = NODE.driver().register("mal-force", Optional.empty(),
        List.of(diffId("mal-force-l1")), "malformed/force:1", "malformed/force:2");
    State before = State.now();
    for (String no : List.of("", "0", "no", "FALSE", "none", "%20false%20")) {
      expectError(null, send("DELETE", "/v1.47/images/" + forced.shortId() + "?force=" + no),
          409, "conflict: unable to delete " + forced.shortId()
              + " (must be forced) - image is referenced in multiple repositories");
    }
    assertThat(State.now()).isEqualTo(before);
    assertThat(send("GET", "/v1.47/images/json?all=maybe").body())
        .isEqualTo(send("GET", "/v1.47/images/json?all=1").body());
    var deleted = send("DELETE", "/v1.47/images/" + forced.shortId() + "?force=maybe");
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.body()).contains("{\"Deleted\":\"" + forced + "\"}");
  }

  /**
   * moby image_routes.go postImagesCreate (v28): {@code fromImage} goes through
   * ParseNormalizedNamed and {@code tag} through WithTag (or WithDigest when it is a digest),
   * both {@code errdefs.InvalidParameter}, before any registry is contacted. The registry named
   * here is a closed port on loopback, so a pull that was wrongly attempted stays local.
   */
  @Test
  void pull_of_a_bad_reference_is_400_before_any_registry_is_asked() throws Exception {
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    expectError(softly, pull("fromImage=Malformed&tag=1"), 400, LOWERCASE);
    expectError(softly, pull("fromImage=" + enc("127.0.0.1:1/Malformed")), 400, LOWERCASE);
    expectError(softly, pull("fromImage=" + enc("127.0.0.1:1/malformed//x")), 400, FORMAT);
    expectError(softly, pull("fromImage=" + enc("127.0.0.1:1/malformed:-1")), 400, FORMAT);
    expectError(softly, pull("fromImage=" + enc("127.0.0.1:1/malformed") + "&tag=-1"), 400,
        "invalid tag format");
    expectError(softly, pull("fromImage=" + enc("127.0.0.1:1/malformed") + "&tag="
        + enc("sha256:abc")), 400, "invalid tag format");
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }
}
