package io.imagesaga.testkit.fuzz;

import io.imagesaga.testkit.fuzz.FuzzRequest.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request before its head is written: what a family generator decides (method, path below
 * the version prefix, query, body and its content type). {@link #honest} writes it as the
 * docker CLI would; {@link HeaderFuzzer} writes it with odd headers or odd framing.
 */
public record Draft(String family, String method, String path, String query, byte[] body,
    String contentType, String recipe) {

  public static Draft of(String family, String method, String path, String query) {
    return new Draft(family, method, path, query, new byte[0], null, "");
  }

  public Draft withBody(byte[] bytes, String type, String how) {
    return new Draft(family, method, path, query, bytes, type, how);
  }

  public Draft withJson(String json) {
    return withBody(json.getBytes(StandardCharsets.UTF_8), "application/json", "");
  }

  public Draft withFamily(String name) {
    return new Draft(name, method, path, query, body, contentType, recipe);
  }

  /** The target below {@code prefix} ({@code /v1.47}, or none). */
  public String target(String prefix) {
    return prefix + path + query;
  }

  /** The headers the docker CLI sends, framing included. */
  public List<Header> cliHeaders() {
    List<Header> headers = new ArrayList<>();
    headers.add(new Header("Host", "api.moby.localhost"));
    headers.add(new Header("User-Agent", "Docker-Client/28.0.0 (linux)"));
    if (contentType != null) {
      headers.add(new Header("Content-Type", contentType));
    }
    if (body.length > 0 || method.equals("POST")) {
      headers.add(new Header("Content-Length", Integer.toString(body.length)));
    }
    return headers;
  }

  /** As the CLI would send it, below {@code prefix}. */
  public FuzzRequest honest(String prefix) {
    return new FuzzRequest(family, method, target(prefix), cliHeaders(), body, false, recipe);
  }
}
