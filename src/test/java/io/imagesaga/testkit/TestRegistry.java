package io.imagesaga.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.imagesaga.reference.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A registry v2 on loopback for pull tests: one image {@code team/app:1} (schema2 manifest,
 * gzipped layer), {@code team/multi:1} (an OCI index whose linux/amd64 entry is that
 * manifest) and {@code team/broken:1} (that manifest, its layer blob missing), behind
 * bearer-token auth as Docker Hub does it.
 */
public final class TestRegistry implements AutoCloseable {
  private static final String TOKEN = "t0k3n";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Map<String, byte[]> blobs = new HashMap<>();
  private final byte[] manifest;
  private final byte[] index;
  private volatile Consumer<Digest> beforeBlob = digest -> {};
  private final byte[] config;

  public TestRegistry() throws IOException {
    byte[] layerTar = tar("registry.txt", "pulled\n");
    byte[] layer = gzip(layerTar);
    config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":"
        + "\"2026-02-01T00:00:00Z\",\"config\":{\"Labels\":{\"from\":\"registry\"}},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(layerTar)
        + "\"]}}").getBytes(StandardCharsets.UTF_8);
    blobs.put(Digest.sha256(layer).toString(), layer);
    blobs.put(Digest.sha256(config).toString(), config);
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", "application/vnd.docker.distribution.manifest.v2+json");
    m.putObject("config").put("digest", Digest.sha256(config).toString())
        .put("size", config.length)
        .put("mediaType", "application/vnd.docker.container.image.v1+json");
    m.putArray("layers").addObject().put("digest", Digest.sha256(layer).toString())
        .put("size", layer.length)
        .put("mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip");
    manifest = JSON.writeValueAsBytes(m);
    ObjectNode i = JSON.createObjectNode();
    i.put("schemaVersion", 2);
    i.put("mediaType", "application/vnd.oci.image.index.v1+json");
    var entries = i.putArray("manifests");
    entries.addObject().put("digest", "sha256:" + "0".repeat(64)).putObject("platform")
        .put("os", "linux").put("architecture", "arm64");
    entries.addObject().put("digest", manifestDigest().toString()).put("size", manifest.length)
        .putObject("platform").put("os", "linux").put("architecture", "amd64");
    index = JSON.writeValueAsBytes(i);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Runs {@code hook} before each blob is served, on the server's only thread: a hook that
   * blocks holds the pull that asked for the blob (and every other request) until it returns.
   */
  public void beforeBlob(Consumer<Digest> hook) {
    beforeBlob = hook;
  }

  public Digest manifestDigest() {
    return Digest.sha256(manifest);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/token")) {
      send(exchange, 200, "application/json",
          ("{\"token\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8));
      return;
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (!("Bearer " + TOKEN).equals(auth)) {
      exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host()
          + "/token\",service=\"test\",scope=\"repository:team/app:pull\"");
      send(exchange, 401, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
      return;
    }
    byte[] body = null;
    String type = "application/octet-stream";
    if (path.equals("/v2/team/app/manifests/1")
        || path.equals("/v2/team/app/manifests/" + manifestDigest())
        || path.equals("/v2/team/multi/manifests/" + manifestDigest())
        || path.equals("/v2/team/broken/manifests/1")) {
      body = manifest;
      type = "application/vnd.docker.distribution.manifest.v2+json";
    } else if (path.equals("/v2/team/multi/manifests/1")) {
      body = index;
      type = "application/vnd.oci.image.index.v1+json";
    } else if (path.matches("/v2/team/(app|multi)/blobs/.*")) {
      body = blobs.get(path.substring(path.lastIndexOf('/') + 1));
      if (body != null) {
        beforeBlob.accept(Digest.sha256(body));
      }
    } else if (path.equals("/v2/team/broken/blobs/" + Digest.sha256(config))) {
      body = config; // and no layer
    }
    if (body == null) {
      send(exchange, 404, "application/json",
          "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8));
    } else {
      send(exchange, 200, type, body);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  static byte[] tar(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(data.length);
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(data);
    }
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
