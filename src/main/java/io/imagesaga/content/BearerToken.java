package io.imagesaga.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Distribution's token authentication: a 401's {@code WWW-Authenticate: Bearer realm=…} names
 * where to ask, anonymously, for a token. A registry names any URL it likes there, so the realm
 * is asked only if it is https, or http on a loopback address, and no nearer this node than the
 * registry ({@link RegistryTransport#hopRefusal}); its answer is read up to
 * {@code max-token-bytes}, and its token must be visible ASCII (RFC 6750 tokens are base64-like),
 * as it goes into a header.
 */
final class BearerToken {
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  private BearerToken() {}

  /**
   * The token the challenge in {@code headers}, {@code registry}'s answer, grants for
   * {@code scope} if it names none; empty if it is no bearer challenge.
   */
  static Optional<String> fetch(RegistryTransport transport, URI registry, HttpHeaders headers,
      String scope, PullBounds bounds) throws IOException {
    String header = headers.firstValue("WWW-Authenticate").orElse("");
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    Map<String, String> params = new HashMap<>();
    Matcher m = PARAM.matcher(header);
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    URI realm = realm(transport, registry, params.getOrDefault("realm", ""));
    URI uri = URI.create(realm + (realm.getRawQuery() == null ? "?" : "&") + "service="
        + URLEncoder.encode(params.getOrDefault("service", ""), StandardCharsets.UTF_8)
        + "&scope=" + URLEncoder.encode(params.getOrDefault("scope", scope),
        StandardCharsets.UTF_8));
    try (RegistryTransport.Response response = transport.get(uri, "application/json",
        Optional.empty(), "token", bounds)) {
      if (response.status() / 100 != 2) {
        throw new RegistryException("registry answered " + response.status() + " for token");
      }
      return Optional.of(token(parse(Bodies.readAtMost(response.body(),
          transport.settings().maxTokenBytes(), "token", "max-token-bytes")), realm));
    }
  }

  /** The token of a realm's answer: one that can go into a header as it is. */
  private static String token(JsonNode json, URI realm) throws RegistryException {
    String token = json.hasNonNull("token") ? json.get("token").asText()
        : json.path("access_token").asText("");
    if (token.isEmpty()) {
      throw new RegistryException("token realm " + realm + " sent no token");
    }
    if (!token.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      // A line break would end the header early; the JDK refuses such a value outright.
      throw new RegistryException("token realm " + realm + " sent a token that cannot be sent"
          + " in a header");
    }
    return token;
  }

  private static URI realm(RegistryTransport transport, URI registry, String realm)
      throws RegistryException {
    URI uri;
    try {
      uri = new URI(realm);
    } catch (URISyntaxException e) {
      throw new RegistryException("token realm " + realm + " is no URL");
    }
    if (uri.getRawFragment() != null || !transport.permitted(uri)) {
      throw new RegistryException("token realm " + realm + " refused: a realm must be https,"
          + " or http on a loopback address");
    }
    Optional<String> refusal = transport.hopRefusal(registry, uri);
    if (refusal.isPresent()) {
      throw new RegistryException("token realm " + realm + " refused: " + refusal.get());
    }
    return uri;
  }

  private static JsonNode parse(byte[] body) throws RegistryException {
    try {
      JsonNode json = JSON.readTree(body);
      return json == null ? JSON.missingNode() : json;
    } catch (IOException e) {
      throw new RegistryException("registry sent no JSON for token");
    }
  }
}
