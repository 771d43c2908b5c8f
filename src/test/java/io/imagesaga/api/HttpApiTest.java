package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Engine API over real HTTP: ping, version negotiation, errors, rmi. */
class HttpApiTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  static final HttpClient client = HttpClient.newHttpClient();

  @Test
  void ping_answers_ok_with_the_api_version() throws Exception {
    var get = send("GET", "/_ping");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("OK");
    assertThat(get.headers().firstValue("Api-Version")).contains("1.47");
    var head = send("HEAD", "/_ping");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Api-Version")).contains("1.47");
  }

  @Test
  void version_is_served_with_and_without_prefix() throws Exception {
    assertThat(send("GET", "/version").body()).contains("\"ApiVersion\":\"1.47\"");
    assertThat(send("GET", "/v1.24/version").statusCode()).isEqualTo(200);
  }

  @Test
  void unsupported_versions_and_routes_get_dockerds_errors() throws Exception {
    var old = send("GET", "/v1.23/version");
    assertThat(old.statusCode()).isEqualTo(400);
    assertThat(old.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(old.body()).isEqualTo("{\"message\":\"client version 1.23 is too old. Minimum"
        + " supported API version is 1.24, please upgrade your client to a newer version\"}");
    assertThat(send("GET", "/v1.55/version").body()).isEqualTo(
        "{\"message\":\"client version 1.55 is too new. Maximum supported API version is 1.50\"}");
    var unknown = send("GET", "/v1.47/nothing/here");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("{\"message\":\"page not found\"}");
  }

  @Test
  void rmi_over_http() throws Exception {
    ImageId id = NODE.driver().register("http-rmi", Optional.empty(), List.of(diffId("http-l1")),
        "localhost:5000/team/app:v1", "localhost:5000/team/app:v2");
    var untag = send("DELETE", "/v1.47/images/localhost:5000/team/app:v1");
    assertThat(untag.statusCode()).isEqualTo(200);
    assertThat(untag.body()).isEqualTo("[{\"Untagged\":\"localhost:5000/team/app:v1\"}]");
    var byId = send("DELETE", "/v1.47/images/" + id.shortId());
    assertThat(byId.statusCode()).isEqualTo(200);
    assertThat(byId.body()).isEqualTo("[{\"Untagged\":\"localhost:5000/team/app:v2\"},"
        + "{\"Deleted\":\"" + id + "\"},{\"Deleted\":\"" + diffId("http-l1") + "\"}]");
    var missing = send("DELETE", "/v1.47/images/foo?force=1");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"message\":\"No such image: foo:latest\"}");
    assertThat(send("DELETE", "/v1.47/images/Foo").statusCode()).isEqualTo(400);
  }

  @Test
  void a_dry_run_rmi_answers_the_records_and_the_errors_and_deletes_nothing() throws Exception {
    ImageId id = NODE.driver().register("http-dry", Optional.empty(), List.of(diffId("dry-l1")),
        "dry:1");
    var dry = send("DELETE", "/v1.47/images/dry:1?dryrun=1");
    assertThat(dry.statusCode()).isEqualTo(200);
    assertThat(dry.body()).isEqualTo("[{\"Untagged\":\"dry:1\"},{\"Deleted\":\"" + id
        + "\"},{\"Deleted\":\"" + diffId("dry-l1") + "\"}]");
    assertThat(NODE.driver().image(id).references()).hasSize(1);
    var missing = send("DELETE", "/v1.47/images/dry:2?dryrun=1");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"message\":\"No such image: dry:2\"}");
    assertThat(send("DELETE", "/v1.47/images/dry:1").body()).isEqualTo(dry.body());
  }

  @Test
  void an_agent_alone_answers_every_fleet_endpoint_404_and_changes_nothing() throws Exception {
    ImageId id = NODE.driver().register("alone", Optional.empty(), List.of(diffId("alone-l1")),
        "alone:1");
    for (String[] call : List.of(new String[] {"DELETE", "/imagesaga/fleet/images/alone:1"},
        new String[] {"POST", "/imagesaga/fleet/images/prune"},
        new String[] {"GET", "/imagesaga/fleet/deletes/" + java.util.UUID.randomUUID()},
        new String[] {"GET", "/imagesaga/fleet/protected"},
        new String[] {"POST", "/imagesaga/fleet/protected?pattern=alone"},
        new String[] {"DELETE", "/imagesaga/fleet/protected?pattern=alone"})) {
      var answer = send(call[0], call[1]);
      assertThat(answer.statusCode()).as(call[0] + " " + call[1]).isEqualTo(404);
      assertThat(answer.body()).as(call[0] + " " + call[1]).startsWith(
          "{\"message\":\"this agent runs alone: no fleet is configured");
    }
    assertThat(NODE.driver().image(id).references()).hasSize(1);
  }

  @Test
  void a_conditional_delete_happens_only_while_the_name_names_the_expected_image()
      throws Exception {
    ImageId first = NODE.driver().register("cond-1", Optional.empty(), List.of(diffId("cond-1")),
        "cond:1");
    ImageId second = NODE.driver().register("cond-2", Optional.empty(),
        List.of(diffId("cond-2")), "cond:2");
    var moved = send("DELETE", "/v1.47/images/cond:1?expected=" + second);
    assertThat(moved.statusCode()).isEqualTo(412);
    assertThat(moved.body()).isEqualTo("{\"message\":\"precondition failed: cond:1 does not"
        + " name image " + second + "\"}");
    assertThat(NODE.driver().image(first).references()).hasSize(1);
    var malformed = send("DELETE", "/v1.47/images/cond:1?expected=abc");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("invalid expected image ID \\\"abc\\\"");
    var held = send("DELETE", "/v1.47/images/cond:1?expected=" + first.hex());
    assertThat(held.statusCode()).isEqualTo(200);
    assertThat(held.body()).startsWith("[{\"Untagged\":\"cond:1\"},{\"Deleted\":\"" + first);
  }

  @Test
  void a_delete_conflict_lists_every_blocker_beside_mobys_message() throws Exception {
    ImageId base = NODE.driver().register("blk-base", Optional.empty(),
        List.of(diffId("blk-1")), "blk:base");
    ImageId child = NODE.driver().register("blk-child", Optional.of(base),
        List.of(diffId("blk-1"), diffId("blk-2")), "blk:child");
    assertThat(NODE.driver().createContainer("blk-c1", "blk:base")).isEqualTo(base.toString());
    var conflict = send("DELETE", "/v1.47/images/" + base.shortId() + "?force=1");
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.body()).isEqualTo("{\"message\":\"conflict: unable to delete "
        + base.shortId() + " (cannot be forced) - image has dependent child images\","
        + "\"blockers\":{\"children\":[\"" + child + "\"],"
        + "\"containers\":[{\"id\":\"blk-c1\",\"running\":false}]}}");
  }

  @Test
  void filters_are_checked_as_dockerd_checks_them() throws Exception {
    var bad = send("POST", "/v1.47/images/prune?filters=%7B%22dangling%22%3A%7B%22maybe%22"
        + "%3Atrue%7D%7D");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("{\"message\":\"invalid filter 'dangling=[maybe]'\"}");
    var key = send("GET", "/v1.47/images/json?filters=%7B%22colour%22%3A%5B%22blue%22%5D%7D");
    assertThat(key.statusCode()).isEqualTo(400);
    assertThat(key.body()).isEqualTo("{\"message\":\"invalid filter 'colour'\"}");
    var nothing = send("POST", "/v1.47/images/prune");
    assertThat(nothing.body()).isEqualTo("{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}");
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
