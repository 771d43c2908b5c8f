package io.imagesaga.api;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.image.ImageState.Lifecycle;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /ui/}: the web view's files from the classpath with their content types, 404 for
 * anything else, nothing outside {@code ui/} reachable, and the page's own dry runs pass the
 * browser guard while another origin's are refused.
 */
class UiRoutesTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void ui_redirects_to_the_directory_and_serves_the_page() throws Exception {
    RawConnection.Response redirect = get("/ui");
    assertThat(redirect.status()).isEqualTo(301);
    assertThat(redirect.header("Location")).isEqualTo("/ui/");

    RawConnection.Response page = get("/ui/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=UTF-8");
    assertThat(page.text()).contains("<script type=\"module\" src=\"main.js\">");
    assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'",
        "frame-ancestors 'none'");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(get("/ui/index.html").text()).isEqualTo(page.text());
  }

  @Test
  void each_file_has_its_content_type() throws Exception {
    Map<String, String> types = Map.of(
        "/ui/main.js", "text/javascript; charset=UTF-8",
        "/ui/api.js", "text/javascript; charset=UTF-8",
        "/ui/style.css", "text/css; charset=UTF-8");
    for (var type : types.entrySet()) {
      RawConnection.Response file = get(type.getKey());
      assertThat(file.status()).as(type.getKey()).isEqualTo(200);
      assertThat(file.header("Content-Type")).as(type.getKey()).isEqualTo(type.getValue());
      assertThat(file.body()).isNotEmpty();
    }
  }

  @Test
  void unknown_files_and_traversal_are_404() throws Exception {
    for (String path : List.of("/ui/nothing.js", "/ui/index.htm", "/ui/index.exe",
        "/ui/../logback.xml", "/ui/..%2Fversion", "/ui/%2e%2e/logback.xml", "/ui/..%2flogback.xml",
        "/ui/ui/index.html", "/ui/.hidden.js", "/ui/a%00.js",
        "/ui/%2Fetc%2Fpasswd", "/ui/..%5cREADME.md", "/ui/io/imagesaga/api/Routes.class")) {
      RawConnection.Response answer = get(path);
      assertThat(answer.status()).as(path).isEqualTo(404);
      assertThat(JSON.readTree(answer.body()).path("message").asText()).as(path)
          .isEqualTo("page not found");
    }
  }

  @Test
  void the_page_s_own_dry_run_passes_the_guard_and_another_origin_s_is_refused()
      throws Exception {
    ImageId id = NODE.driver().register("ui-guard", Optional.empty(),
        List.of(diffId("ui-guard")), "ui/guard:1");
    String path = "/images/ui%2Fguard:1?dryrun=1&force=0&noprune=0";
    String own = "http://127.0.0.1:" + NODE.port();

    RawConnection.Response mine = send("DELETE", path, "Origin", own);
    assertThat(mine.status()).isEqualTo(200);
    assertThat(JSON.readTree(mine.body()).toString()).isEqualTo(
        "[{\"Untagged\":\"ui/guard:1\"},{\"Deleted\":\"" + id + "\"},{\"Deleted\":\""
            + diffId("ui-guard") + "\"}]");

    RawConnection.Response foreign = send("DELETE", path, "Origin", "http://evil.example");
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(NODE.driver().image(id).lifecycle()).isEqualTo(Lifecycle.PRESENT);
  }

  private static RawConnection.Response get(String path) throws Exception {
    return send("GET", path);
  }

  private static RawConnection.Response send(String method, String path, String... more)
      throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "127.0.0.1:" + NODE.port());
    for (int i = 0; i < more.length; i += 2) {
      headers.put(more[i], more[i + 1]);
    }
    try (RawConnection connection = new RawConnection(NODE.port())) {
      connection.send(method, path, headers);
      return connection.read();
    }
  }
}
