package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.deletion.DeleteOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Times at the edges of what a unix timestamp can say, on every route that takes a time: the
 * {@code since}/{@code until} of {@code /events} (moby's {@code ParseTimestamps}: strconv's
 * {@code ParseInt}, any int64 accepted) and the {@code until} filter of the image list and of
 * prune (moby's {@code GetTimestamp}). Nothing wraps, nothing is a 500, nothing changes.
 */
class MalformedTimeTest extends MalformedInputSupport {
  private static final String TOO_BIG = "99999999999999999999";
  /** 2^64 + 1: a value that a 64-bit conversion would silently turn into 1. */
  private static final String WRAPS_TO_ONE = "18446744073709551617";
  /** Inside int64, beyond what java.time can represent. */
  private static final String FAR_FUTURE = "999999999999999999";
  private static final String MAX = "9223372036854775807";
  private static final String MIN = "-9223372036854775808";

  record Case(String method, String path, int status, String message) {}

  /** moby system_routes.go getEvents: strconv errors (untyped, 500 there; 400 here, same text). */
  @Test
  void event_times_beyond_int64_are_strconvs_range_error() throws Exception {
    String range = "strconv.ParseInt: parsing \"%s\": value out of range";
    List<Case> cases = List.of(
        new Case("GET", "/v1.47/events?since=" + TOO_BIG + "&until=1", 400,
            range.formatted(TOO_BIG)),
        new Case("GET", "/v1.47/events?since=0&until=-" + TOO_BIG, 400,
            range.formatted("-" + TOO_BIG)),
        new Case("GET", "/v1.47/events?since=0&until=" + WRAPS_TO_ONE, 400,
            range.formatted(WRAPS_TO_ONE)),
        new Case("GET", "/v1.47/events?since=1." + TOO_BIG + "&until=2", 400,
            range.formatted(TOO_BIG)),
        new Case("GET", "/v1.47/events?since=" + FAR_FUTURE + "&until=1", 400,
            "`since` time (" + FAR_FUTURE + ") cannot be after `until` time (1)"),
        new Case("GET", "/v1.47/events?since=1&until=" + MIN, 400,
            "`since` time (1) cannot be after `until` time (" + MIN + ")"));
    expectAll(cases);
  }

  @Test
  void event_times_inside_int64_are_accepted_however_far() throws Exception {
    // Both ends before 1970: a past window, answered at once and empty.
    var past = send("GET", "/v1.47/events?since=" + MIN + "&until=-" + FAR_FUTURE);
    assertThat(past.statusCode()).as(past.body()).isEqualTo(200);
    assertThat(past.body()).isEmpty();
    var early = send("GET", "/v1.47/events?since=-" + FAR_FUTURE + "&until=1");
    assertThat(early.statusCode()).as(early.body()).isEqualTo(200);
    assertThat(early.body()).isEmpty();
    // Far future: nothing to replay, then live events as they come (dockerd's since only
    // bounds the replay), until the client leaves.
    for (String query : List.of("since=" + FAR_FUTURE, "since=" + MAX + "&until=" + MAX,
        "since=0&until=" + FAR_FUTURE)) {
      assertFollows("/v1.47/events?" + query + "&filters="
          + enc("{\"event\":[\"tag\"],\"image\":[\"malformed/far:" + query.length() + "\"]}"),
          "malformed/far:" + query.length());
    }
  }

  /**
   * moby GetTimestamp: a number that is no int64 is {@code failed to parse value as time or
   * duration}; the list returns it as it is (untyped, 500 there; 400 here), prune (v28 HEAD)
   * as {@code invalid value for 'until' filter: ...} (400).
   */
  @Test
  void until_filters_beyond_int64_are_refused_and_prune_nothing() throws Exception {
    ensureDangling();
    State before = State.now();
    String failed = "failed to parse value as time or duration: \"%s\"";
    List<Case> cases = List.of(
        new Case("GET", "/v1.47/images/json?filters=" + until(TOO_BIG), 400,
            failed.formatted(TOO_BIG)),
        new Case("GET", "/v1.47/images/json?filters=" + until(WRAPS_TO_ONE), 400,
            failed.formatted(WRAPS_TO_ONE)),
        new Case("GET", "/v1.47/images/json?filters=" + until("1.5e3"), 400,
            failed.formatted("1.5e3")),
        new Case("POST", "/v1.47/images/prune?filters=" + until(TOO_BIG), 400,
            "invalid value for 'until' filter: " + failed.formatted(TOO_BIG)),
        new Case("POST", "/v1.47/images/prune?filters=" + until(WRAPS_TO_ONE), 400,
            "invalid value for 'until' filter: " + failed.formatted(WRAPS_TO_ONE)),
        new Case("POST", "/v1.47/images/prune?filters=" + until("1." + TOO_BIG), 400,
            "invalid value for 'until' filter: " + failed.formatted("1." + TOO_BIG)));
    expectAll(cases);
    assertThat(State.now()).isEqualTo(before);
  }

  @Test
  void until_filters_inside_int64_are_times_however_far() throws Exception {
    String all = send("GET", "/v1.47/images/json").body();
    SoftAssertions softly = new SoftAssertions();
    for (String value : List.of(FAR_FUTURE, MAX)) {
      var list = send("GET", "/v1.47/images/json?filters=" + until(value));
      softly.assertThat(list.statusCode()).as(value + " " + list.body()).isEqualTo(200);
      softly.assertThat(list.body()).as(value).isEqualTo(all);
    }
    // "+5" is an int64 for strconv: five seconds after the epoch, before every image.
    var plus = send("GET", "/v1.47/images/json?filters=" + until("+5"));
    softly.assertThat(plus.statusCode()).as(plus.body()).isEqualTo(200);
    softly.assertThat(plus.body()).isEqualTo("[]");
    State before = State.now();
    var prune = send("POST", "/v1.47/images/prune?filters="
        + enc("{\"until\":[\"" + FAR_FUTURE + "\"],\"label\":[\"nothing-carries-this\"]}"));
    softly.assertThat(prune.statusCode()).as(prune.body()).isEqualTo(200);
    softly.assertThat(prune.body()).isEqualTo("{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}");
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  private static void expectAll(List<Case> cases) throws Exception {
    SoftAssertions softly = new SoftAssertions();
    for (Case c : cases) {
      expectError(softly, send(c.method(), c.path()), c.status(), c.message());
    }
    softly.assertAll();
  }

  /**
   * The stream answers 200 and then carries the tag of {@code name} made after the answer
   * started: the position a stream follows from is taken before its headers go out.
   */
  private static void assertFollows(String path, String name) throws Exception {
    HttpResponse<InputStream> answer = client.send(request(path).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = answer.body()) {
      assertThat(answer.statusCode()).as(path).isEqualTo(200);
      assertThat(NODE.driver().tag("malformed/app:1", name)).isEmpty();
      BufferedReader lines = new BufferedReader(new InputStreamReader(body,
          StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> readLine(lines))
          .get(30, TimeUnit.SECONDS);
      assertThat(line).as(path).contains("\"Action\":\"tag\"").contains(name);
    } finally {
      NODE.driver().rmi(name, DeleteOptions.defaults());
    }
  }

  private static String readLine(BufferedReader lines) {
    try {
      return lines.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String until(String value) {
    return enc("{\"until\":[\"" + value + "\"]}");
  }
}
