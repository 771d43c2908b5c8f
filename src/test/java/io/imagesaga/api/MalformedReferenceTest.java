package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.testkit.TestArchives.Image;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Bad references in every route that takes a name: dockerd's status and text, nothing changed. */
class MalformedReferenceTest extends MalformedInputSupport {

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
}
