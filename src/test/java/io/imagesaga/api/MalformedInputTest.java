package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.imagesaga.content.SampleArchive;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import io.imagesaga.testkit.TestArchives.Image;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Malformed input over raw HTTP: bad references in every route that takes a name, bad
 * {@code filters} JSON, bad query values and hostile {@code docker load} archives. Each gets
 * dockerd 28's answer (status and exact {@code {"message":...}}, or the error inside the load
 * stream) and leaves the stored state as it was: the image and container lists, the layer blobs,
 * and nothing written outside the node.
 *
 * <p>Where dockerd's answer is quoted from moby rather than from {@code shared/spec}, the source
 * is named next to the case. Reference parse errors use the texts of the distribution/reference
 * that the project follows (delete-semantics M8), e.g. {@code invalid reference format: repository
 * name must be lowercase}.
 */
class MalformedInputTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  static final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  static final ObjectMapper JSON = new ObjectMapper();
  static final String LOWERCASE = "invalid reference format: repository name must be lowercase";
  static final String FORMAT = "invalid reference format";
  static final String HEX = "a".repeat(64);

  static ImageId app;

  /**
   * Tagged images (one with two tags and a container), a dangling one that a wrongly accepted
   * prune would remove, and the sample chain loaded over HTTP so that layer blobs exist.
   */
  @BeforeAll
  static void fixture() throws Exception {
    NodeDriver node = NODE.driver();
    app = node.register("mal-app", Optional.empty(), List.of(diffId("mal-app-l1")),
        "malformed/app:1", "malformed/app:2");
    node.register("mal-dangling", Optional.empty(), List.of(diffId("mal-dangling-l1")));
    assertThat(node.createContainer("malformed-c", "malformed/app:1")).isEqualTo(app.toString());
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    SampleArchive.write(sample);
    var loaded = load(sample.toByteArray());
    assertThat(loaded.body()).contains("Loaded image: sample/app:2");
    assertThat(NODE.layerBlobs()).isEqualTo(3);
  }

  // ---- bad references, route by route ---------------------------------------------------

  @Test
  void delete_with_a_bad_reference_is_refused_and_changes_nothing() throws Exception {
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    expectError(softly, send("DELETE", "/v1.47/images/Malformed:1"), 400, LOWERCASE);
    expectError(softly, send("DELETE", "/v1.47/images/malformed/app:-1"), 400, FORMAT);
    expectError(softly, send("DELETE", "/v1.47/images/malformed/app@sha256:abc"), 400, FORMAT);
    expectError(softly, send("DELETE", "/v1.47/images/" + "a".repeat(300)), 400,
        "repository name must not be more than 255 characters");
    expectError(softly, send("DELETE", "/v1.47/images/malformed/app:" + "t".repeat(129)), 400,
        FORMAT);
    // moby api/server/router/image/image_routes.go deleteImages: TrimSpace(name) == "".
    expectError(softly, send("DELETE", "/v1.47/images/"), 400, "image name cannot be blank");
    expectError(softly, send("DELETE", "/v1.47/images/%20%20"), 400,
        "image name cannot be blank");
    // `docker rmi ''` sends DELETE /v1.47/images: no route (spec 2.2).
    expectError(softly, send("DELETE", "/v1.47/images"), 404, "page not found");
    // Well-formed names that name nothing.
    expectError(softly, send("DELETE", "/v1.47/images/" + HEX), 404,
        "No such image: sha256:" + HEX);
    expectError(softly, send("DELETE", "/v1.47/images/malformed/app@sha256:" + HEX), 404,
        "No such image: malformed/app@sha256:" + HEX);
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  @Test
  void inspect_and_history_of_a_bad_reference_are_400_and_of_a_missing_one_404()
      throws Exception {
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    for (String action : List.of("json", "history")) {
      expectError(softly, send("GET", "/v1.47/images/Malformed:1/" + action), 400, LOWERCASE);
      expectError(softly, send("GET", "/v1.47/images/malformed/app:-1/" + action), 400, FORMAT);
      expectError(softly, send("GET", "/v1.47/images/%20/" + action), 400, FORMAT);
      expectError(softly, send("GET", "/v1.47/images/malformed/app@sha256:xyz/" + action), 400,
          FORMAT);
      expectError(softly, send("GET", "/v1.47/images/malformed/app:9/" + action), 404,
          "No such image: malformed/app:9");
      expectError(softly, send("GET", "/v1.47/images/nosuch/" + action), 404,
          "No such image: nosuch:latest");
    }
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  /**
   * moby image_routes.go postImagesTag (v28): the target is parsed first
   * ({@code httputils.RepoTagReference}: 400), a repo named {@code sha256} is refused (400),
   * and only then is the source looked up, any failure of which is wrapped in
   * {@code errdefs.NotFound} (404, the parse error's text included).
   */
  @Test
  void tag_with_a_bad_target_is_400_and_tags_nothing() throws Exception {
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    expectError(softly, tag("malformed/app:1", "repo=Malformed&tag=x"), 400, LOWERCASE);
    expectError(softly, tag("malformed/app:1", "repo=malformed/x&tag=-bad"), 400,
        "invalid tag format");
    expectError(softly, tag("malformed/app:1", "repo=malformed/x&tag=" + "t".repeat(129)), 400,
        "invalid tag format");
    expectError(softly, tag("malformed/app:1", "repo=malformed/x@sha256:" + HEX + "&tag="),
        400, "cannot import digest reference");
    expectError(softly, tag("malformed/app:1", "repo=sha256&tag=abc"), 400,
        "refusing to create an ambiguous tag using digest algorithm as name");
    // The target is checked before the source: a bad target wins over a missing source.
    expectError(softly, tag("nosuch:1", "repo=Malformed&tag=x"), 400, LOWERCASE);
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  @Test
  void tag_of_a_bad_or_missing_source_is_404_and_tags_nothing() throws Exception {
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    expectError(softly, tag("nosuch:1", "repo=malformed/x&tag=1"), 404, "No such image: nosuch:1");
    expectError(softly, tag("Malformed:1", "repo=malformed/x&tag=1"), 404, LOWERCASE);
    expectError(softly, tag("malformed/app:-1", "repo=malformed/x&tag=1"), 404, FORMAT);
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  /**
   * Without {@code repo}, dockerd's {@code RepoTagReference} returns (nil, nil) and
   * {@code errdefs.InvalidParameter(nil)} is nil, so it answers an empty 200 that tagged nothing:
   * a success that did nothing. imagesaga refuses instead (400, or 404 for a missing source);
   * either way nothing is tagged. The docker CLI never sends this.
   */
  @Test
  void tag_without_a_repo_is_refused_and_tags_nothing() throws Exception {
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    for (String query : List.of("", "tag=x", "repo=&tag=x")) {
      for (String source : List.of("malformed/app:1", "nosuch:1")) {
        var answer = tag(source, query);
        softly.assertThat(answer.statusCode()).as(source + "?" + query).isIn(400, 404);
        softly.assertThat(parse(answer.body()).has("message")).as(source + "?" + query)
            .isTrue();
      }
    }
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  /**
   * moby daemon/create.go containerCreate resolves {@code Config.Image} (GetImage: 400 for a
   * bad name, 404 for a missing one) before {@code daemon.create} validates the name.
   */
  @Test
  void container_create_with_a_bad_image_or_name_creates_nothing() throws Exception {
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    expectError(softly, create("", "Malformed:1"), 400, LOWERCASE);
    expectError(softly, create("", "malformed/app:-1"), 400, FORMAT);
    expectError(softly, create("", "malformed/app@sha256:abc"), 400, FORMAT);
    expectError(softly, create("", "nosuch"), 404, "No such image: nosuch:latest");
    expectError(softly, create("?name=bad!name", "malformed/app:1"), 400,
        "Invalid container name (bad!name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    expectError(softly, create("?name=bad!name", "nosuch"), 404, "No such image: nosuch:latest");
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  /**
   * moby image/tarexport/save.go parseNames: a {@code ParseAnyReference} error is returned as
   * it is, untyped, before anything is written: dockerd's 500 is a 400 here (the client's
   * mistake, a typed rejection), with the parser's text.
   */
  @Test
  void save_of_a_bad_reference_is_refused_before_any_tar() throws Exception {
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    expectError(softly, send("GET", "/v1.47/images/get?names=Malformed:1"), 400, LOWERCASE);
    expectError(softly, send("GET", "/v1.47/images/get?names=malformed/app:1&names="
        + enc("malformed/app:-1")), 400, FORMAT);
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

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
    String until = Long.toString(Instant.now().getEpochSecond());
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
    // spec delete-semantics 1.6 (HEAD): "invalid value for 'until' filter: ..."
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

  // ---- docker load ------------------------------------------------------------------------

  /** Go's archive/tar: data cut short inside an entry is io.ErrUnexpectedEOF. */
  @Test
  void a_truncated_archive_fails_in_the_stream_and_stores_nothing() throws Exception {
    Image image = TestArchives.image("mal-truncated");
    byte[] tar = TestArchives.tar(List.of(Entry.file(image.layerPath(), image.layer()),
        Entry.file(image.configPath(), image.config())));
    byte[] truncated = Arrays.copyOf(tar, 512 + image.layer().length / 2);
    State before = State.now();
    assertThat(streamError(load(truncated))).isEqualTo("unexpected EOF");
    assertThat(State.now()).isEqualTo(before);
  }

  /** Go's archive/tar: a 512-byte block that is no header is ErrHeader. */
  @Test
  void a_body_that_is_not_a_tar_fails_in_the_stream() throws Exception {
    byte[] text = "this is not a tar archive\n".repeat(40).getBytes(StandardCharsets.UTF_8);
    State before = State.now();
    assertThat(streamError(load(text))).isEqualTo("archive/tar: invalid tar header");
    // An empty body unpacks to nothing; dockerd then fails to open manifest.json (its text
    // names its temporary directory: "open /var/lib/docker/tmp/docker-import-…/manifest.json:
    // no such file or directory").
    assertThat(streamError(load(new byte[0]))).isNotBlank();
    assertThat(State.now()).isEqualTo(before);
  }

  /**
   * dockerd unpacks into a chroot (moby chrootarchive.Untar, go-archive Unpack with dest "/"):
   * {@code ../} and absolute names land inside the temporary directory, never outside it, and
   * an archive that is otherwise a good save still loads.
   */
  @Test
  void traversal_and_absolute_entries_never_leave_the_archive_and_the_image_loads()
      throws Exception {
    String escape = "imagesaga-escape-" + UUID.randomUUID();
    Image image = TestArchives.image("mal-traversal");
    byte[] tar = TestArchives.tar(TestArchives.with(image.entries("hostile/traversal:1"),
        Entry.file("../../" + escape, "escaped\n"),
        Entry.file("../../../../../../../../tmp/" + escape + "-deep", "escaped\n"),
        Entry.file("/tmp/" + escape + "-absolute", "escaped\n")));
    var answer = load(tar);
    assertNothingEscaped(escape);
    assertThat(messages(answer)).containsExactly(
        JSON.readTree("{\"stream\":\"Loaded image: hostile/traversal:1\\n\"}"));
    assertThat(imageId("hostile/traversal:1")).isEqualTo(image.id().toString());
  }

  @Test
  void an_archive_of_nothing_but_escaping_entries_fails_and_writes_nothing() throws Exception {
    String escape = "imagesaga-escape-" + UUID.randomUUID();
    State before = State.now();
    String error = streamError(load(TestArchives.tar(List.of(
        Entry.file("../../" + escape, "escaped\n"),
        Entry.file("/tmp/" + escape + "-absolute", "escaped\n"),
        Entry.symlink("manifest.json", "../../../../../../../../etc/hostname")))));
    assertThat(error).isNotBlank();
    assertNothingEscaped(escape);
    assertThat(State.now()).isEqualTo(before);
  }

  /**
   * Links are created inside the chroot and followed in scope (moby load.go safePath =
   * symlink.FollowSymlinkInScope): a config or layer that links out of the archive names a file
   * that is not there, never the host's.
   */
  @Test
  void links_out_of_the_archive_are_never_followed() throws Exception {
    Image image = TestArchives.image("mal-symlink");
    SoftAssertions softly = new SoftAssertions();
    State before = State.now();
    for (String target : List.of("../../../../../../../../etc/hostname", "/etc/hostname")) {
      byte[] configLink = TestArchives.tar(List.of(
          Entry.symlink(image.configPath(), target),
          Entry.file(image.layerPath(), image.layer()),
          Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
              List.of(image.layerPath()), Optional.empty(), "hostile/symlink:1"))));
      softly.assertThat(streamError(load(configLink))).as("config -> " + target).isNotBlank();
      byte[] layerLink = TestArchives.tar(List.of(
          Entry.file(image.configPath(), image.config()),
          Entry.symlink(image.layerPath(), target),
          Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
              List.of(image.layerPath()), Optional.empty(), "hostile/symlink:1"))));
      softly.assertThat(streamError(load(layerLink))).as("layer -> " + target).isNotBlank();
    }
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  /** moby image/tarexport/load.go validateManifest. */
  @Test
  void a_null_manifest_is_refused_with_dockerds_text() throws Exception {
    Image image = TestArchives.image("mal-null");
    State before = State.now();
    assertThat(streamError(load(TestArchives.tar(List.of(
        Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", "null"))))))
        .isEqualTo("invalid manifest, manifest cannot be null (but can be [])");
    assertThat(State.now()).isEqualTo(before);
  }

  @Test
  void a_manifest_that_is_not_a_list_fails_and_an_empty_one_loads_nothing() throws Exception {
    Image image = TestArchives.image("mal-notjson");
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    for (String manifest : List.of("not json", "{\"Config\":\"x\"}", "[", "\"manifest\"")) {
      softly.assertThat(streamError(load(TestArchives.tar(List.of(
          Entry.file(image.configPath(), image.config()),
          Entry.file(image.layerPath(), image.layer()),
          Entry.file("manifest.json", manifest)))))).as(manifest).isNotBlank();
    }
    // "[]" is valid: no image, no message, no error (moby load.go: nothing to write).
    var empty = load(TestArchives.tar(List.of(Entry.file("manifest.json", "[]"))));
    softly.assertThat(empty.statusCode()).isEqualTo(200);
    softly.assertThat(messages(empty)).isEmpty();
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  @Test
  void a_manifest_naming_missing_files_fails_and_stores_nothing() throws Exception {
    Image image = TestArchives.image("mal-missing");
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    byte[] noConfig = TestArchives.tar(List.of(Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
            List.of(image.layerPath()), Optional.empty(), "hostile/missing:1"))));
    softly.assertThat(streamError(load(noConfig))).as("config").isNotBlank();
    byte[] noLayer = TestArchives.tar(List.of(Entry.file(image.configPath(), image.config()),
        Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
            List.of("blobs/sha256/" + "b".repeat(64)), Optional.empty(), "hostile/missing:1"))));
    softly.assertThat(streamError(load(noLayer))).as("layer").isNotBlank();
    byte[] escapingPaths = TestArchives.tar(List.of(
        Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", TestArchives.manifest("../../../../etc/hostname",
            List.of("/etc/hostname"), Optional.empty(), "hostile/missing:1"))));
    softly.assertThat(streamError(load(escapingPaths))).as("paths out").isNotBlank();
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  /** moby load.go: the config's path is only where to read it; its ID is its sha256. */
  @Test
  void a_config_stored_under_another_digest_loads_under_its_own() throws Exception {
    Image image = TestArchives.image("mal-spoof");
    String spoofed = "blobs/sha256/" + "c".repeat(64);
    var answer = load(TestArchives.tar(List.of(Entry.file(spoofed, image.config()),
        Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", TestArchives.manifest(spoofed, List.of(image.layerPath()),
            Optional.empty(), "hostile/spoof:1")))));
    assertThat(messages(answer)).containsExactly(
        JSON.readTree("{\"stream\":\"Loaded image: hostile/spoof:1\\n\"}"));
    assertThat(imageId("hostile/spoof:1")).isEqualTo(image.id().toString());
    expectError(null, send("GET", "/v1.47/images/sha256:" + "c".repeat(64) + "/json"), 404,
        "No such image: sha256:" + "c".repeat(64));
  }

  /** moby load.go: "invalid diffID for layer %d: expected %q, got %q"; the layer is released. */
  @Test
  void a_layer_that_does_not_match_its_diff_id_fails_and_leaves_no_blob() throws Exception {
    Image image = TestArchives.image("mal-diffid");
    byte[] other = TestArchives.layer("other.txt", "not the layer the config names\n");
    State before = State.now();
    String error = streamError(load(TestArchives.tar(List.of(
        Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), other),
        Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
            List.of(image.layerPath()), Optional.empty(), "hostile/diffid:1"))))));
    assertThat(error).isEqualTo("invalid diffID for layer 0: expected \"" + image.diffId()
        + "\", got \"" + Digest.sha256(other) + "\"");
    assertThat(State.now()).isEqualTo(before);
  }

  /** moby load.go: expected = len(m.Layers), got = len(img.RootFS.DiffIDs). */
  @Test
  void a_manifest_with_more_layers_than_the_config_fails_with_dockerds_counts()
      throws Exception {
    Image image = TestArchives.image("mal-count");
    State before = State.now();
    String error = streamError(load(TestArchives.tar(List.of(
        Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
            List.of(image.layerPath(), image.layerPath()), Optional.empty(),
            "hostile/count:1"))))));
    assertThat(error).isEqualTo("invalid manifest, layers length mismatch: expected 2, got 1");
    assertThat(State.now()).isEqualTo(before);
  }

  /** moby image/image.go NewFromJSON and load.go's image.CheckOS. */
  @Test
  void a_config_without_rootfs_or_for_another_os_is_refused() throws Exception {
    State before = State.now();
    SoftAssertions softly = new SoftAssertions();
    String noRootfs = "{\"architecture\":\"amd64\",\"os\":\"linux\","
        + "\"created\":\"2026-01-01T00:00:00Z\",\"config\":{}}";
    softly.assertThat(streamError(loadConfig(noRootfs, "hostile/norootfs:1")))
        .isEqualTo("invalid image JSON, no RootFS key");
    String windows = "{\"architecture\":\"amd64\",\"os\":\"windows\","
        + "\"created\":\"2026-01-01T00:00:00Z\",\"config\":{},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
    softly.assertThat(streamError(loadConfig(windows, "hostile/windows:1")))
        .isEqualTo("cannot load windows image on linux");
    softly.assertThat(streamError(loadConfig("{\"os\":", "hostile/truncated:1")))
        .isNotBlank();
    softly.assertThat(State.now()).isEqualTo(before);
    softly.assertAll();
  }

  /**
   * moby load.go parses each RepoTag after {@code is.Create}: a tag that is no name:tag fails
   * the load ({@code invalid tag "x"}, or the parser's error) and is never recorded. (dockerd
   * keeps the image it had already created, untagged, so the image list is not compared.)
   */
  @Test
  void repo_tags_that_are_not_name_and_tag_fail_the_load_and_are_not_recorded()
      throws Exception {
    SoftAssertions softly = new SoftAssertions();
    Image bare = TestArchives.image("mal-tag-bare");
    softly.assertThat(streamError(load(TestArchives.tar(bare.entries("hostile/bare")))))
        .isEqualTo("invalid tag \"hostile/bare\"");
    expectError(softly, send("GET", "/v1.47/images/hostile/bare/json"), 404,
        "No such image: hostile/bare:latest");
    Image upper = TestArchives.image("mal-tag-upper");
    softly.assertThat(streamError(load(TestArchives.tar(upper.entries("Hostile/upper:1")))))
        .isEqualTo(LOWERCASE);
    Image digest = TestArchives.image("mal-tag-digest");
    softly.assertThat(streamError(load(TestArchives.tar(
        digest.entries("hostile/digest@sha256:" + HEX))))).isEqualTo(
        "invalid tag \"hostile/digest@sha256:" + HEX + "\"");
    expectError(softly, send("GET", "/v1.47/images/hostile/digest@sha256:" + HEX + "/json"),
        404, "No such image: hostile/digest@sha256:" + HEX);
    softly.assertAll();
  }

  /**
   * moby load.go validatedParentLinks keeps a Parent only when that parent is loaded by the
   * same archive; any other value is dropped and the image loads without a parent.
   */
  @Test
  void a_parent_that_is_not_in_the_archive_is_ignored() throws Exception {
    Image image = TestArchives.image("mal-orphan");
    long blobs = NODE.layerBlobs();
    var answer = load(TestArchives.tar(List.of(Entry.file(image.configPath(), image.config()),
        Entry.file(image.layerPath(), image.layer()),
        Entry.file("manifest.json", TestArchives.manifest(image.configPath(),
            List.of(image.layerPath()), Optional.of("sha256:" + "d".repeat(64)),
            "hostile/orphan:1")))));
    // Whatever the outcome, a layer blob is stored only for a layer that was loaded.
    boolean loaded = answer.body().contains("Loaded image: hostile/orphan:1");
    assertThat(NODE.layerBlobs()).as(answer.body()).isEqualTo(loaded ? blobs + 1 : blobs);
    assertThat(messages(answer)).containsExactly(
        JSON.readTree("{\"stream\":\"Loaded image: hostile/orphan:1\\n\"}"));
    JsonNode inspect = JSON.readTree(send("GET", "/v1.47/images/hostile/orphan:1/json").body());
    assertThat(inspect.path("Parent").asText()).isEmpty();
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** The dangling image that a prune wrongly let through would remove. */
  private static void ensureDangling() {
    NODE.driver().register("mal-dangling", Optional.empty(), List.of(diffId("mal-dangling-l1")));
  }

  /** What a malformed request must not change. */
  record State(String images, String containers, long layerBlobs) {
    static State now() throws Exception {
      return new State(send("GET", "/v1.47/images/json?all=1").body(),
          send("GET", "/v1.47/containers/json?all=1").body(), NODE.layerBlobs());
    }
  }

  private static HttpResponse<String> tag(String source, String query) throws Exception {
    return send("POST", "/v1.47/images/" + source + "/tag" + (query.isEmpty() ? "" : "?" + query));
  }

  private static HttpResponse<String> create(String query, String image) throws Exception {
    String body = JSON.writeValueAsString(Map.of("Image", image, "Cmd", List.of("sh"),
        "Labels", Map.of(), "HostConfig", Map.of("NetworkMode", "default")));
    return client.send(request("/v1.47/containers/create" + query)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> pull(String query) throws Exception {
    return client.send(request("/v1.47/images/create?" + query)
        .header("X-Registry-Auth", "e30=")
        .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> load(byte[] tar) throws Exception {
    return client.send(request("/v1.47/images/load?quiet=1")
        .header("Content-Type", "application/x-tar")
        .POST(HttpRequest.BodyPublishers.ofByteArray(tar)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> loadConfig(String config, String tag) throws Exception {
    byte[] bytes = config.getBytes(StandardCharsets.UTF_8);
    String path = "blobs/sha256/" + Digest.sha256(bytes).encoded();
    return load(TestArchives.tar(List.of(Entry.file(path, bytes),
        Entry.file("manifest.json", TestArchives.manifest(path, List.of(), Optional.empty(),
            tag)))));
  }

  /** The JSON messages of a load answer, which must be a 200 {@code application/json} stream. */
  private static List<JsonNode> messages(HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
    List<JsonNode> messages = new ArrayList<>();
    for (String line : answer.body().split("\r?\n")) {
      if (!line.isBlank()) {
        messages.add(JSON.readTree(line));
      }
    }
    return messages;
  }

  /**
   * The error a load stream ends with ({@code {"errorDetail":{"message":m},"error":m}}), after
   * no {@code Loaded image} line.
   */
  private static String streamError(HttpResponse<String> answer) throws Exception {
    List<JsonNode> messages = messages(answer);
    assertThat(messages).as(answer.body()).isNotEmpty();
    assertThat(messages).as(answer.body()).noneMatch(m -> m.path("stream").asText()
        .startsWith("Loaded image"));
    JsonNode last = messages.get(messages.size() - 1);
    assertThat(last.has("error")).as(answer.body()).isTrue();
    assertThat(last.path("errorDetail").path("message").asText())
        .isEqualTo(last.path("error").asText());
    return last.path("error").asText();
  }

  private static String imageId(String name) throws Exception {
    return JSON.readTree(send("GET", "/v1.47/images/" + name + "/json").body()).path("Id")
        .asText();
  }

  /** No file named after {@code escape} anywhere a {@code ../} or {@code /} entry could reach. */
  private static void assertNothingEscaped(String escape) {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> places = List.of(tmp, Path.of("/tmp"), Path.of("/"), NODE.dataDir(),
        NODE.dataDir().getParent(), Path.of("").toAbsolutePath());
    for (Path place : places) {
      for (String suffix : List.of("", "-deep", "-absolute")) {
        assertThat(Files.exists(place.resolve(escape + suffix)))
            .as(place.resolve(escape + suffix).toString()).isFalse();
      }
    }
  }

  /**
   * {@code {"message": message}} with exactly {@code Content-Type: application/json}; with
   * {@code softly} null, asserted at once.
   */
  private static void expectError(SoftAssertions softly, HttpResponse<String> answer, int status,
      String message) {
    String what = answer.request().method() + " " + answer.request().uri().getRawPath()
        + Optional.ofNullable(answer.request().uri().getRawQuery()).map(q -> "?" + q).orElse("");
    JsonNode expected = JSON.createObjectNode().put("message", message);
    if (softly == null) {
      assertThat(answer.statusCode()).as(what + " -> " + answer.body()).isEqualTo(status);
      assertThat(answer.headers().firstValue("Content-Type")).as(what).contains("application/json");
      assertThat(parse(answer.body())).as(what).isEqualTo(expected);
      return;
    }
    softly.assertThat(answer.statusCode()).as(what + " -> " + answer.body()).isEqualTo(status);
    softly.assertThat(answer.headers().firstValue("Content-Type")).as(what)
        .contains("application/json");
    softly.assertThat(parse(answer.body())).as(what).isEqualTo(expected);
  }

  private static String message(HttpResponse<String> answer) {
    return parse(answer.body()).path("message").asText();
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? TextNode.valueOf(body) : node;
    } catch (Exception notJson) {
      return TextNode.valueOf(body);
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.port() + path))
        .timeout(Duration.ofSeconds(60));
  }

  static HttpResponse<String> send(String method, String path) throws Exception {
    return client.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
