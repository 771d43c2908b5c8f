package io.imagesaga.testkit;

import static io.imagesaga.testkit.Exchanges.awaitQuietly;
import static io.imagesaga.testkit.Exchanges.redirect;
import static io.imagesaga.testkit.Exchanges.send;
import static io.imagesaga.testkit.Exchanges.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.imagesaga.reference.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A registry on loopback that lies, for the pull tests. It holds one genuine image (config,
 * gzipped layer, schema2 manifest) behind bearer-token auth; each repository under
 * {@code hostile/} serves it with one lie (see {@link #handle}). A second server, the "other
 * host" ({@code localhost:<port>}, where this one is {@code 127.0.0.1:<port>}), serves the blobs
 * that {@code hostile/redirect} sends a client to, and records the {@code Authorization} headers
 * it was sent.
 */
public final class HostileRegistry implements AutoCloseable {
  /** What {@code hostile/endless} sends at most; a client that keeps reading gets all of it. */
  public static final long ENDLESS_CAP = 256L << 20;
  private static final String TOKEN = "h0st1le";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final byte[] config;
  private final byte[] layer;
  private final byte[] manifest;
  private final byte[] otherBytes =
      "not the manifest the digest names".getBytes(StandardCharsets.UTF_8);
  private final HttpServer server;
  private final HttpServer elsewhere;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "hostile-registry");
    thread.setDaemon(true);
    return thread;
  });
  private final CountDownLatch closing = new CountDownLatch(1);
  private final List<String> authorizationsElsewhere = new CopyOnWriteArrayList<>();
  private final AtomicLong endlessSent = new AtomicLong();

  public HostileRegistry() throws IOException {
    byte[] layerTar = TestRegistry.tar("hostile.txt", "served by a hostile registry\n");
    layer = TestRegistry.gzip(layerTar);
    config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":"
        + "\"2026-03-01T00:00:00Z\",\"config\":{\"Labels\":{\"from\":\"hostile\"}},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(layerTar)
        + "\"]}}").getBytes(StandardCharsets.UTF_8);
    manifest = manifest();
    server = start(new InetSocketAddress("127.0.0.1", 0), this::handle);
    elsewhere = start(new InetSocketAddress("127.0.0.1", 0), this::elsewhere);
  }

  private HttpServer start(InetSocketAddress address, com.sun.net.httpserver.HttpHandler handler)
      throws IOException {
    HttpServer http = HttpServer.create(address, 0);
    http.createContext("/", handler);
    http.setExecutor(threads);
    http.start();
    return http;
  }

  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** A digest no content this registry serves has: what {@code hostile/liar} is pulled by. */
  public Digest otherDigest() {
    return Digest.sha256(otherBytes);
  }

  public Digest manifestDigest() {
    return Digest.sha256(manifest);
  }

  public Digest configDigest() {
    return Digest.sha256(config);
  }

  public Digest layerDigest() {
    return Digest.sha256(layer);
  }

  /** The {@code Authorization} header of every request the other host got ("" for none). */
  public List<String> authorizationsElsewhere() {
    return List.copyOf(authorizationsElsewhere);
  }

  /** How many bytes of {@code hostile/endless}'s layer went out before its client stopped. */
  public long endlessSent() {
    return endlessSent.get();
  }

  /**
   * The lies, by repository: {@code liar} answers any manifest digest with the genuine
   * manifest; {@code index-digest} and {@code index-size} are indexes whose linux/amd64 entry
   * names another digest, or the right digest with another size; {@code config} and
   * {@code layer} serve tampered blobs of the right length; {@code endless} a layer that never
   * ends; {@code slow} a layer that trickles a byte every half second; {@code huge} a manifest
   * over 4 MiB (valid JSON, padded); {@code redirect} sends its manifest to another path of this
   * host and its blobs to the other host; {@code loop} redirects to itself; {@code realm} names a
   * plain-HTTP token realm that is not on loopback; {@code bigtoken} a realm whose answer is over
   * 1 MiB.
   */
  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String[] parts = path.split("/");
    String repo = parts.length > 3 ? parts[3] : "";
    if (path.equals("/token")) {
      send(exchange, 200, ("{\"token\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8));
    } else if (path.equals("/bigtoken")) {
      send(exchange, 200, ("{\"token\":\"" + "a".repeat((1 << 20) + 1) + "\"}")
          .getBytes(StandardCharsets.UTF_8));
    } else if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))
        || repo.equals("realm") || repo.equals("bigtoken")) {
      String realm = switch (repo) {
        case "realm" -> "http://realm.invalid/token";
        case "bigtoken" -> "http://" + host() + "/bigtoken";
        default -> "http://" + host() + "/token";
      };
      exchange.getResponseHeaders().add("WWW-Authenticate",
          "Bearer realm=\"" + realm + "\",service=\"hostile\"");
      send(exchange, 401, "{}".getBytes(StandardCharsets.UTF_8));
    } else if (path.contains("/manifests/")) {
      manifest(exchange, repo, parts[parts.length - 1]);
    } else if (path.contains("/blobs/")) {
      blob(exchange, repo, parts[parts.length - 1]);
    } else {
      send(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private void manifest(HttpExchange exchange, String repo, String reference) throws IOException {
    switch (repo) {
      case "index-digest" -> send(exchange, 200, reference.equals("1")
          ? index(otherDigest(), manifest.length) : manifest);
      case "index-size" -> send(exchange, 200, reference.equals("1")
          ? index(manifestDigest(), manifest.length + 7) : manifest);
      case "huge" -> {
        byte[] padding = new byte[(4 << 20) + 1 - manifest.length];
        Arrays.fill(padding, (byte) ' ');
        stream(exchange, manifest, padding);
      }
      case "redirect" -> {
        if (reference.equals("1")) {
          redirect(exchange, "/v2/hostile/redirect/manifests/moved");
        } else {
          send(exchange, 200, manifest);
        }
      }
      case "loop" -> redirect(exchange, exchange.getRequestURI().getPath());
      default -> send(exchange, 200, manifest);
    }
  }

  private void blob(HttpExchange exchange, String repo, String digest) throws IOException {
    byte[] genuine = digest.equals(configDigest().toString()) ? config
        : digest.equals(layerDigest().toString()) ? layer : null;
    if (genuine == null) {
      send(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8));
    } else if (repo.equals("redirect")) {
      redirect(exchange, "http://localhost:" + elsewhere.getAddress().getPort() + "/blobs/"
          + digest);
    } else if (repo.equals("config") && genuine == config
        || repo.equals("layer") && genuine == layer) {
      byte[] tampered = genuine.clone();
      tampered[tampered.length / 2] ^= 0x20;
      send(exchange, 200, tampered);
    } else if (repo.equals("endless") && genuine == layer) {
      endless(exchange);
    } else if (repo.equals("slow") && genuine == layer) {
      trickle(exchange, layer);
    } else {
      send(exchange, 200, genuine);
    }
  }

  /** The other host: serves the genuine blobs to anyone, noting who sent credentials. */
  private void elsewhere(HttpExchange exchange) throws IOException {
    authorizationsElsewhere.add(String.valueOf(
        exchange.getRequestHeaders().getOrDefault("Authorization", List.of("")).get(0)));
    String digest = exchange.getRequestURI().getPath().replace("/blobs/", "");
    send(exchange, 200, digest.equals(configDigest().toString()) ? config : layer);
  }

  private void endless(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 0);
    byte[] chunk = new byte[64 << 10];
    try (OutputStream out = exchange.getResponseBody()) {
      while (endlessSent.get() < ENDLESS_CAP && closing.getCount() > 0) {
        out.write(chunk);
        endlessSent.addAndGet(chunk.length);
      }
    } catch (IOException clientLeft) {
      // What a client that stops reading does to the connection.
    }
  }

  /**
   * A byte each half second, round and round the body, until this registry closes: the pacing
   * of a slow body that never ends (chunked, so no length tells the client it is done).
   */
  private void trickle(HttpExchange exchange, byte[] body) throws IOException {
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; !awaitQuietly(closing, 500); i = (i + 1) % body.length) {
        out.write(body[i]);
        out.flush();
      }
    } catch (IOException clientLeft) {
      // The client gave up on it.
    }
  }

  private byte[] manifest() throws IOException {
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", "application/vnd.docker.distribution.manifest.v2+json");
    m.putObject("config").put("digest", configDigest().toString()).put("size", config.length)
        .put("mediaType", "application/vnd.docker.container.image.v1+json");
    m.putArray("layers").addObject().put("digest", layerDigest().toString())
        .put("size", layer.length)
        .put("mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip");
    return JSON.writeValueAsBytes(m);
  }

  private static byte[] index(Digest entry, int size) throws IOException {
    ObjectNode i = JSON.createObjectNode();
    i.put("schemaVersion", 2);
    i.put("mediaType", "application/vnd.oci.image.index.v1+json");
    i.putArray("manifests").addObject().put("digest", entry.toString()).put("size", size)
        .put("mediaType", "application/vnd.docker.distribution.manifest.v2+json")
        .putObject("platform").put("os", "linux").put("architecture", "amd64");
    return JSON.writeValueAsBytes(i);
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    elsewhere.stop(0);
    threads.shutdownNow();
  }
}
