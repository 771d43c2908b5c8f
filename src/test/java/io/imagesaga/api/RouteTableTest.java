package io.imagesaga.api;

import static io.imagesaga.api.RouteTable.delete;
import static io.imagesaga.api.RouteTable.get;
import static io.imagesaga.api.RouteTable.post;
import static io.imagesaga.security.Permission.CONTAINER;
import static io.imagesaga.security.Permission.DELETE;
import static io.imagesaga.security.Permission.READ;
import static io.imagesaga.security.Permission.TAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.pekko.http.javadsl.server.Directives.complete;

import java.util.stream.Stream;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which line of a table serves a request, and what its path variable captures. */
class RouteTableTest {
  private static final RouteTable<String> TABLE = RouteTable.of(
      get("/images/json", READ, context -> served()),
      get("/images/{name:.*}/json", READ, (context, name) -> served()),
      delete("/images/{name:.*}", DELETE, (context, name) -> served()),
      post("/images/{name:.*}/tag", TAG, (context, name) -> served()),
      post("/containers/{id}/start", CONTAINER, (context, id) -> served()));

  static Stream<Arguments> requests() {
    return Stream.of(
        Arguments.of(HttpMethods.GET, "/images/json", "/images/json", null),
        Arguments.of(HttpMethods.GET, "/images/busybox/json", "/images/{name:.*}/json",
            "busybox"),
        Arguments.of(HttpMethods.GET, "/images/127.0.0.1:5000/a/b:1/json",
            "/images/{name:.*}/json", "127.0.0.1:5000/a/b:1"),
        Arguments.of(HttpMethods.GET, "/images/a%2Fb%3A1/json", "/images/{name:.*}/json",
            "a/b:1"),
        Arguments.of(HttpMethods.DELETE, "/images/a@sha256:abc", "/images/{name:.*}",
            "a@sha256:abc"),
        Arguments.of(HttpMethods.DELETE, "/images/", "/images/{name:.*}", ""),
        Arguments.of(HttpMethods.DELETE, "/images/x/tag", "/images/{name:.*}", "x/tag"),
        Arguments.of(HttpMethods.POST, "/images/x/tag", "/images/{name:.*}/tag", "x"),
        Arguments.of(HttpMethods.POST, "/images/a+b/tag", "/images/{name:.*}/tag", "a+b"),
        Arguments.of(HttpMethods.POST, "/containers/c1/start", "/containers/{id}/start", "c1"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("requests")
  void the_first_matching_line_serves_with_its_capture(HttpMethod method, String path,
      String line, String value) {
    var match = TABLE.match(method, path);
    assertThat(match).hasValueSatisfying(m -> {
      assertThat(m.line().path()).isEqualTo(line);
      assertThat(m.value()).isEqualTo(value);
    });
  }

  @Test
  void another_method_or_path_matches_no_line() {
    assertThat(TABLE.match(HttpMethods.POST, "/images/json")).isEmpty();
    assertThat(TABLE.match(HttpMethods.GET, "/images")).isEmpty();
    assertThat(TABLE.match(HttpMethods.DELETE, "/images")).isEmpty();
    assertThat(TABLE.match(HttpMethods.POST, "/containers/a/b/start")).isEmpty();
    assertThat(TABLE.match(HttpMethods.GET, "/imagesXjson")).isEmpty();
  }

  @Test
  void a_line_names_the_permission_it_needs() {
    assertThat(TABLE.match(HttpMethods.DELETE, "/images/a").orElseThrow().line().permission())
        .isEqualTo(DELETE);
    assertThat(TABLE.match(HttpMethods.POST, "/images/a/tag").orElseThrow().line().permission())
        .isEqualTo(TAG);
    assertThatThrownBy(() -> get("/x", null, context -> served()))
        .isInstanceOf(NullPointerException.class).hasMessage("GET /x names no permission");
  }

  @Test
  void a_path_holds_one_variable_at_most() {
    assertThatThrownBy(() -> RouteTable.compile("/a/{x}/{y}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Route served() {
    return complete("served");
  }
}
