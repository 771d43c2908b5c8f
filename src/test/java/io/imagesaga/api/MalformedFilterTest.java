package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Bad {@code filters} JSON, keys and values on every list and on prune. */
class MalformedFilterTest extends MalformedInputSupport {

  // ---- filters ----------------------------------------------------------------------------

  /**
   * moby api/types/filters/parse.go FromJSON: {@code map[string]map[string]bool}, else the
   * legacy {@code map[string][]string}, else {@code invalidFilter{}} = 400 {@code invalid
   * filter}; {@code null} decodes to no filter at all.
   */
  @Test
  void filters_that_are_not_filter_json_are_400_on_every_list() throws Exception {
    ensureDangling();
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    String past = Long.toString(Instant.now().getEpochSecond());
    List<String> routes = List.of("GET /v1.47/images/json?", "POST /v1.47/images/prune?",
        "GET /v1.47/containers/json?all=1&", "GET /v1.47/events?since=0&until=" + past + "&");
    List<String> malformed = List.of("not json", "[]", "\"dangling\"", "42",
        "{\"dangling\":true}", "{\"dangling\":\"true\"}", "{\"label\":{\"a\":\"yes\"}}",
        "{\"label\":[1]}", "{\"label\":[[\"a\"]]}", "{\"label\":");
    for (String route : routes) {
      String[] methodAndPath = route.split(" ");
      for (String filters : malformed) {
        expectError(softly, send(methodAndPath[0], methodAndPath[1] + "filters=" + enc(filters)),
            400, "invalid filter");
      }
    }
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  @Test
  void null_filters_are_no_filters() throws Exception {
    var plain = send("GET", "/v1.47/images/json");
    var withNull = send("GET", "/v1.47/images/json?filters=null");
    assertThat(withNull.statusCode()).isEqualTo(200);
    assertThat(withNull.body()).isEqualTo(plain.body());
    ensureDangling();
    // dangling=true by default: the dangling images go, as with no filters at all.
    var prune = send("POST", "/v1.47/images/prune?filters=null");
    assertThat(prune.statusCode()).as(prune.body()).isEqualTo(200);
    assertThat(send("POST", "/v1.47/images/prune").body())
        .isEqualTo("{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}");
    ensureDangling();
  }

  @Test
  void unknown_filter_keys_are_400_where_dockerd_validates_them() throws Exception {
    ensureDangling();
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    String colour = enc("{\"colour\":{\"blue\":true}}");
    expectError(softly, send("GET", "/v1.47/images/json?filters=" + colour), 400,
        "invalid filter 'colour'");
    expectError(softly, send("POST", "/v1.47/images/prune?filters=" + colour), 400,
        "invalid filter 'colour'");
    // reference, before and since are image-list filters, not prune filters.
    expectError(softly, send("POST", "/v1.47/images/prune?filters="
        + enc("{\"reference\":[\"malformed/*\"]}")), 400, "invalid filter 'reference'");
    expectError(softly, send("POST", "/v1.47/images/prune?filters="
        + enc("{\"before\":[\"malformed/app:1\"]}")), 400, "invalid filter 'before'");
    // label! is a prune filter only.
    expectError(softly, send("GET", "/v1.47/images/json?filters="
        + enc("{\"label!\":[\"seed\"]}")), 400, "invalid filter 'label!'");
    // moby daemon/list.go acceptedPsFilterTags.
    expectError(softly, send("GET", "/v1.47/containers/json?all=1&filters=" + colour), 400,
        "invalid filter 'colour'");
    expectError(softly, send("GET", "/v1.47/containers/json?all=1&filters="
        + enc("{\"dangling\":[\"true\"]}")), 400, "invalid filter 'dangling'");
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  /**
   * moby api/server/router/system/system_routes.go getEvents (v28) decodes {@code filters}
   * with FromJSON but never validates the keys: an unknown key matches every event.
   */
  @Test
  void events_ignore_unknown_filter_keys_as_dockerd_does() throws Exception {
    // Now to the nanosecond: whole seconds would leave out the fixture's events of this second.
    Instant now = Instant.now();
    String until = now.getEpochSecond() + "." + String.format("%09d", now.getNano());
    var plain = send("GET", "/v1.47/events?since=0&until=" + until);
    var colour = send("GET", "/v1.47/events?since=0&until=" + until + "&filters="
        + enc("{\"colour\":{\"blue\":true}}"));
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(colour.statusCode()).isEqualTo(200);
    assertThat(colour.body()).isNotEmpty().isEqualTo(plain.body());
  }

  /** moby api/types/filters/parse.go GetBoolOrDefault and errors.go invalidFilter. */
  @Test
  void dangling_values_that_are_not_one_boolean_are_400() throws Exception {
    ensureDangling();
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    for (String route : List.of("GET /v1.47/images/json", "POST /v1.47/images/prune")) {
      String[] mp = route.split(" ");
      expectError(softly, send(mp[0], mp[1] + "?filters=" + enc("{\"dangling\":{\"maybe\":true}}")),
          400, "invalid filter 'dangling=[maybe]'");
      expectError(softly, send(mp[0], mp[1] + "?filters=" + enc("{\"dangling\":{}}")), 400,
          "invalid filter 'dangling'");
      expectError(softly, send(mp[0], mp[1] + "?filters=" + enc("{\"dangling\":[]}")), 400,
          "invalid filter 'dangling'");
      // Only a key whose value is true counts: {"true":false} is neither true nor false.
      expectError(softly, send(mp[0], mp[1] + "?filters=" + enc("{\"dangling\":{\"true\":false}}")),
          400, "invalid filter 'dangling=[true]'");
      var both = send(mp[0], mp[1] + "?filters=" + enc("{\"dangling\":[\"true\",\"0\"]}"));
      softly.assertThat(both.statusCode()).as(route + " true and 0").isEqualTo(400);
      softly.assertThat(both.body()).as(route + " true and 0").isIn(
          "{\"message\":\"invalid filter 'dangling=[true 0]'\"}",
          "{\"message\":\"invalid filter 'dangling=[0 true]'\"}");
    }
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  @Test
  void before_and_since_must_name_an_image() throws Exception {
    SoftAssertions softly = new SoftAssertions();
    for (String key : List.of("before", "since")) {
      expectError(softly, send("GET", "/v1.47/images/json?filters="
          + enc("{\"" + key + "\":[\"nosuch\"]}")), 404, "No such image: nosuch:latest");
      expectError(softly, send("GET", "/v1.47/images/json?filters="
          + enc("{\"" + key + "\":[\"Malformed:1\"]}")), 400, LOWERCASE);
      expectError(softly, send("GET", "/v1.47/images/json?filters="
          + enc("{\"" + key + "\":[\"malformed/app:-1\"]}")), 400, FORMAT);
    }
    softly.assertAll();
  }

  @Test
  void until_filters_that_are_not_times_are_400_and_prune_nothing() throws Exception {
    ensureDangling();
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    var list = send("GET", "/v1.47/images/json?filters=" + enc("{\"until\":[\"abc\"]}"));
    softly.assertThat(list.statusCode()).isEqualTo(400);
    softly.assertThat(message(list)).contains("abc");
    // later dockerd versions, docs/semantics.md "Prune": "invalid value for 'until' filter: ..."
    var prune = send("POST", "/v1.47/images/prune?filters=" + enc("{\"until\":[\"abc\"]}"));
    softly.assertThat(prune.statusCode()).isEqualTo(400);
    softly.assertThat(message(prune)).startsWith("invalid value for 'until' filter: ");
    expectError(softly, send("POST", "/v1.47/images/prune?filters="
        + enc("{\"until\":[\"1\",\"2\"]}")), 400, "more than one until filter specified");
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  /**
   * moby api/types/time/timestamp.go GetTimestamp, used for prune's {@code until}: a Go
   * duration ({@code 10m}) means "now minus it", as {@code docker image prune --filter
   * until=24h} sends it. Nothing here carries the label, so nothing is pruned.
   */
  @Test
  void until_accepts_a_go_duration_as_dockerd_does() throws Exception {
    ensureDangling();
    State before = State.now();
    var prune = send("POST", "/v1.47/images/prune?filters="
        + enc("{\"until\":[\"10m\"],\"label\":[\"nothing-carries-this\"]}"));
    assertThat(prune.statusCode()).isEqualTo(200);
    assertThat(prune.body()).isEqualTo("{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}");
    assertThat(State.now()).isEqualTo(before);
  }

  /**
   * moby daemon/images/image_list.go: {@code reference.FamiliarMatch} is {@code path.Match},
   * whose {@code ErrBadPattern} dockerd returns untyped (500); a 400 here, with its text.
   */
  @Test
  void a_reference_glob_that_is_not_a_pattern_fails_the_list() throws Exception {
    SoftAssertions softly = new SoftAssertions();
    expectError(softly, send("GET", "/v1.47/images/json?filters="
        + enc("{\"reference\":[\"malformed/[\"]}")), 400, "syntax error in pattern");
    // A label filter never fails: "=x" names the empty key, which no image has.
    var label = send("GET", "/v1.47/images/json?filters=" + enc("{\"label\":[\"=x\"]}"));
    softly.assertThat(label.statusCode()).isEqualTo(200);
    softly.assertThat(label.body()).isEqualTo("[]");
    softly.assertAll();
  }

  @Test
  void container_filter_values_are_checked() throws Exception {
    SoftAssertions softly = new SoftAssertions();
    // moby daemon/list.go foldFilter: invalidFilter{"status", value}.
    expectError(softly, send("GET", "/v1.47/containers/json?all=1&filters="
        + enc("{\"status\":[\"sleeping\"]}")), 400, "invalid filter 'status=sleeping'");
    // container_routes.go getContainersJSON: strconv.Atoi's error, untyped there (500), 400 here.
    expectError(softly, send("GET", "/v1.47/containers/json?all=1&limit=abc"), 400,
        "strconv.Atoi: parsing \"abc\": invalid syntax");
    softly.assertAll();
  }
}
