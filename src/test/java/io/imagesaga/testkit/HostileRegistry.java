package io.imagesaga.testkit;

import static io.imagesaga.testkit.Exchanges.redirect;
import static io.imagesaga.testkit.Exchanges.send;
import static io.imagesaga.testkit.Exchanges.stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.imagesaga.reference.Digest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A registry on loopback that lies, for the pull tests. It holds one genuine image
 * ({@link HostileImages}) behind bearer-token auth; each repository under {@code hostile/}
 * serves it with one lie (see {@link #handle}). It sends some requests to other hosts
 * ({@link OtherHosts}): the "other host" ({@code localhost:<port>}, where this one is
 * {@code 127.0.0.1:<port>}), which serves the blobs {@code hostile/redirect} sends a client to
 * and records the {@code Authorization} headers it was sent, and one that breaks connections.
 */
public final class HostileRegistry implements AutoCloseable {
  /** What {@code hostile/endless} sends at most; a client that keeps reading gets all of it. */
  public static final long ENDLESS_CAP = 256L << 20;
  /** The size {@code hostile/vast}'s manifest declares for its layer: 9 EB. */
  public static final long VAST = 9_000_000_000_000_000_000L;
  /** How many layers {@code hostile/many} lists: one more than a pull may have by default. */
  public static final int MANY = 129;
  private static final String TOKEN = "h0st1le";

  private final HostileImages images;
  private final byte[] otherBytes =
      "not the manifest the digest names".getBytes(StandardCharsets.UTF_8);
  private final HttpServer server;
  private final OtherHosts others;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "hostile-registry");
    thread.setDaemon(true);
    return thread;
  });
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicLong endlessSent = new AtomicLong();
  private final AtomicInteger blobsServed = new AtomicInteger();

  public HostileRegistry() throws IOException {
    images = new HostileImages(VAST, MANY);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
    others = new OtherHosts(threads, images::blob);
  }

  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** A digest no content this registry serves has: what {@code hostile/liar} is pulled by. */
  public Digest otherDigest() {
    return Digest.sha256(otherBytes);
  }

  public Digest manifestDigest() {
    return Digest.sha256(images.manifest);
  }

  public Digest configDigest() {
    return Digest.sha256(images.config);
  }

  public Digest layerDigest() {
    return Digest.sha256(images.layer);
  }

  /** The size of the genuine config: with {@link #VAST}, what {@code hostile/vast} names. */
  public long configSize() {
    return images.config.length;
  }

  /** The digest of {@code hostile/notjson}'s config, which is no JSON. */
  public Digest notJsonDigest() {
    return Digest.sha256(images.notJson);
  }

  /** The {@code Authorization} header of every request the other host got ("" for none). */
  public List<String> authorizationsElsewhere() {
    return others.authorizations();
  }

  /** The host that breaks connections, where {@code hostile/reset}, {@code cut}, {@code tls} go. */
  public int breakerPort() {
    return others.breakerPort();
  }

  /** How many bytes of {@code hostile/endless}'s layer went out before its client stopped. */
  public long endlessSent() {
    return endlessSent.get();
  }

  /** How many blob requests (config or layer, with the token) this host has answered. */
  public int blobsServed() {
    return blobsServed.get();
  }

  /**
   * The lies, by repository: {@code liar} answers any manifest digest with the genuine
   * manifest; {@code index-digest} and {@code index-size} are indexes whose linux/amd64 entry
   * names another digest, or the right digest with another size; {@code config} and
   * {@code layer} serve tampered blobs of the right length; {@code endless} a layer that never
   * ends; {@code slow} a layer that trickles a byte every half second; {@code huge} a manifest
   * over 4 MiB (valid JSON, padded); {@code vast} a manifest whose layer claims {@link #VAST}
   * bytes; {@code many} a manifest (and config) of {@link #MANY} layers; {@code notjson} a config
   * that is no JSON; {@code redirect} sends its manifest to another path of this host and its
   * blobs to the other host; {@code loop} redirects to itself; {@code tls} sends its layer in
   * https to the host that breaks connections, which answers in plain HTTP; {@code reset} sends
   * its manifest to a connection reset before any answer; {@code cut} its layer to a body cut
   * short; {@code realm} names a plain-HTTP token realm that is not on loopback;
   * {@code bigtoken} a realm whose answer is over 1 MiB; {@code crlf} a realm whose token holds a
   * line break.
   */
  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String[] parts = path.split("/");
    String repo = parts.length > 3 ? parts[3] : "";
    if (path.startsWith("/token/")) {
      token(exchange, path.substring("/token/".length()));
    } else if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))
        || repo.equals("realm") || repo.equals("bigtoken") || repo.equals("crlf")) {
      String realm = repo.equals("realm") ? "http://realm.invalid/token"
          : "http://" + host() + "/token/" + repo;
      exchange.getResponseHeaders().add("WWW-Authenticate",
          "Bearer realm=\"" + realm + "\",service=\"hostile\"");
      send(exchange, 401, "{}".getBytes(StandardCharsets.UTF_8));
    } else if (path.contains("/manifests/")) {
      manifest(exchange, repo, parts[parts.length - 1]);
    } else if (path.contains("/blobs/")) {
      blobsServed.incrementAndGet();
      blob(exchange, repo, parts[parts.length - 1]);
    } else {
      send(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private void token(HttpExchange exchange, String repo) throws IOException {
    String token = switch (repo) {
      case "bigtoken" -> "a".repeat((1 << 20) + 1);
      case "crlf" -> TOKEN + "\\r\\nX-Injected: 1"; // JSON escapes: CR LF once parsed
      default -> TOKEN;
    };
    send(exchange, 200, ("{\"token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private void manifest(HttpExchange exchange, String repo, String reference) throws IOException {
    byte[] manifest = images.manifest;
    switch (repo) {
      case "index-digest" -> send(exchange, 200, reference.equals("1")
          ? HostileImages.index(otherDigest(), manifest.length) : manifest);
      case "index-size" -> send(exchange, 200, reference.equals("1")
          ? HostileImages.index(manifestDigest(), manifest.length + 7) : manifest);
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
      case "reset" -> redirect(exchange, "http://127.0.0.1:" + breakerPort() + "/early/"
          + reference);
      case "vast" -> send(exchange, 200, images.vastManifest);
      case "many" -> send(exchange, 200, images.manyManifest);
      case "notjson" -> send(exchange, 200, images.notJsonManifest);
      default -> send(exchange, 200, manifest);
    }
  }

  private void blob(HttpExchange exchange, String repo, String digest) throws IOException {
    byte[] genuine = images.blob(digest);
    boolean layer = genuine == images.layer;
    if (genuine == null) {
      send(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8));
    } else if (repo.equals("redirect")) {
      redirect(exchange, "http://localhost:" + others.elsewherePort() + "/blobs/" + digest);
    } else if (repo.equals("tls") && layer) {
      redirect(exchange, "https://127.0.0.1:" + breakerPort() + "/blobs/" + digest);
    } else if (repo.equals("cut") && layer) {
      redirect(exchange, "http://127.0.0.1:" + breakerPort() + "/late/" + digest);
    } else if (repo.equals("config") && genuine == images.config
        || repo.equals("layer") && layer) {
      byte[] tampered = genuine.clone();
      tampered[tampered.length / 2] ^= 0x20;
      send(exchange, 200, tampered);
    } else if (repo.equals("endless") && layer) {
      Exchanges.endless(exchange, ENDLESS_CAP, endlessSent, closing);
    } else if (repo.equals("slow") && layer) {
      Exchanges.trickle(exchange, genuine, closing);
    } else {
      send(exchange, 200, genuine);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    others.close();
    threads.shutdownNow();
  }
}
