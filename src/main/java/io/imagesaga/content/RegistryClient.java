package io.imagesaga.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.NamedReference;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry v2 / OCI distribution client for pulls: anonymous or bearer-token access (the
 * token fetched from the realm a 401 names), plain HTTP for loopback registries, HTTPS
 * otherwise. Blocking: call it from a thread that may block.
 */
public final class RegistryClient {
  static final String ACCEPT = String.join(", ",
      "application/vnd.oci.image.index.v1+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.docker.distribution.manifest.v2+json");
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NORMAL).build();
  private final Map<String, String> tokens = new HashMap<>();

  /** A manifest (or index) as served, with the digest of its bytes. */
  public record Manifest(byte[] bytes, Digest digest, JsonNode json) {}

  public Manifest manifest(NamedReference repository, String reference) throws IOException {
    HttpResponse<byte[]> response = get(repository,
        "/manifests/" + reference, ACCEPT, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404 || response.statusCode() == 401) {
      throw new RejectedException(new Rejection.NotFound("pull access denied for "
          + repository.repository().familiarName() + ", repository does not exist or may"
          + " require 'docker login'"));
    }
    check(response, "manifest " + reference);
    byte[] body = response.body();
    return new Manifest(body, Digest.sha256(body), json(body, "manifest " + reference));
  }

  /** Downloads a blob into {@code target}, failing unless its content hashes to {@code digest}. */
  public void blob(NamedReference repository, Digest digest, Path target) throws IOException {
    HttpResponse<Path> response = get(repository, "/blobs/" + digest, "*/*",
        HttpResponse.BodyHandlers.ofFile(target));
    check(response, "blob " + digest);
    Digest actual = Digest.sha256(java.nio.file.Files.readAllBytes(target));
    if (!actual.equals(digest)) {
      throw new RejectedException(new Rejection.InvalidParameter(
          "filesystem layer verification failed for digest " + digest));
    }
  }

  private <T> HttpResponse<T> get(NamedReference ref, String path, String accept,
      HttpResponse.BodyHandler<T> handler) throws IOException {
    URI uri = URI.create(base(ref) + "/v2/" + ref.repository().path() + path);
    HttpResponse<T> response = send(uri, accept, handler, tokens.get(ref.repository().name()));
    if (response.statusCode() == 401) {
      Optional<String> token = token(response, ref);
      if (token.isPresent()) {
        tokens.put(ref.repository().name(), token.get());
        response = send(uri, accept, handler, token.get());
      }
    }
    return response;
  }

  private <T> HttpResponse<T> send(URI uri, String accept, HttpResponse.BodyHandler<T> handler,
      String token) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", accept)
        .timeout(Duration.ofMinutes(5)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The bearer token the challenge's realm grants for pulling this repository. */
  private Optional<String> token(HttpResponse<?> challenge, NamedReference ref)
      throws IOException {
    String header = challenge.headers().firstValue("WWW-Authenticate").orElse("");
    if (!header.startsWith("Bearer ")) {
      return Optional.empty();
    }
    Map<String, String> params = new HashMap<>();
    Matcher m = PARAM.matcher(header);
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    String scope = params.getOrDefault("scope",
        "repository:" + ref.repository().path() + ":pull");
    URI uri = URI.create(params.get("realm") + "?service="
        + URLEncoder.encode(params.getOrDefault("service", ""), StandardCharsets.UTF_8)
        + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
    HttpResponse<byte[]> response = send(uri, "application/json",
        HttpResponse.BodyHandlers.ofByteArray(), null);
    check(response, "token");
    JsonNode json = json(response.body(), "token");
    return Optional.of(json.hasNonNull("token") ? json.get("token").asText()
        : json.path("access_token").asText());
  }

  private static String base(NamedReference ref) {
    String domain = ref.repository().domain();
    String host = domain.equals("docker.io") ? "registry-1.docker.io" : domain;
    return (Loopback.SYSTEM.test(host) ? "http://" : "https://") + host;
  }

  private static JsonNode json(byte[] body, String what) throws RegistryException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new RegistryException("registry sent no JSON for " + what);
    }
  }

  private static void check(HttpResponse<?> response, String what) throws RegistryException {
    if (response.statusCode() / 100 != 2) {
      throw new RegistryException(
          "registry answered " + response.statusCode() + " for " + what);
    }
  }
}
