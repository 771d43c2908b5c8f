package io.imagesaga.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A registry v2 / OCI distribution client for one pull: anonymous or bearer-token access
 * ({@link BearerToken}), plain HTTP only for a registry on a loopback address, over
 * {@link RegistryTransport}, all of it within the pull's {@link PullBounds}. Whatever is
 * fetched by digest is verified against it and against its descriptor's size, with dockerd's
 * messages (moby's distribution/pull_v2.go) as {@link RegistryException}s; manifests and configs
 * are read up to their limits, layers streamed to a file. Blocking, and for one thread at a
 * time (a pull's steps run one after another).
 */
public final class RegistryClient {
  static final String ACCEPT = String.join(", ",
      "application/vnd.oci.image.index.v1+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.docker.distribution.manifest.v2+json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryTransport transport;
  private final PullBounds bounds;
  /** The token of this pull's repository, once a challenge asked for one. */
  private Optional<String> token = Optional.empty();

  public RegistryClient(RegistryTransport transport, PullBounds bounds) {
    this.transport = transport;
    this.bounds = bounds;
  }

  /** A manifest (or index) as served, with the digest of its bytes. */
  public record Manifest(byte[] bytes, Digest digest, JsonNode json) {}

  /** An image config as served, byte for byte (its sha256 is the image ID), and parsed. */
  public record ConfigBlob(byte[] bytes, JsonNode json) {}

  /**
   * The manifest {@code reference} (a tag or a digest) names; by digest, only one that hashes
   * to it (moby: "manifest verification failed for digest").
   */
  public Manifest manifest(NamedReference repository, String reference) throws IOException {
    byte[] body = manifestBody(repository, reference);
    Digest actual = Digest.sha256(body);
    Optional<Digest> pinned = digest(reference);
    if (pinned.isPresent() && !pinned.get().equals(actual)) {
      throw new RegistryException("manifest verification failed for digest " + pinned.get());
    }
    return new Manifest(body, actual, json(body, "manifest " + reference));
  }

  /** The manifest an index entry names, verified against the entry's digest and size. */
  public Manifest manifest(NamedReference repository, Descriptor entry) throws IOException {
    byte[] body = manifestBody(repository, entry.digest().toString());
    Bodies.verify(body, entry, "manifest verification failed for digest " + entry.digest());
    return new Manifest(body, entry.digest(), json(body, "manifest " + entry.digest()));
  }

  /**
   * The config and layers {@code manifest} names, refused before any is fetched if they are
   * more than {@code max-layers} or would take the pull past {@code max-download-bytes}.
   */
  public ImageManifest image(Manifest manifest) throws RegistryException {
    ImageManifest image = ImageManifest.of(manifest.json(), transport.settings().maxLayers());
    bounds.admit(image.blobs());
    return image;
  }

  /**
   * An image config, verified (moby: "image config verification failed for digest"); one that
   * is no JSON object is the registry's fault as much as one that does not verify.
   */
  public ConfigBlob config(NamedReference repository, Descriptor config) throws IOException {
    try (RegistryTransport.Response response = blob(repository, config.digest())) {
      byte[] body = Bodies.readAtMost(response.body(), transport.settings().maxConfigBytes(),
          "config " + config.digest(), "max-config-bytes");
      Bodies.verify(body, config, "image config verification failed for digest "
          + config.digest());
      return new ConfigBlob(body, json(body, "config " + config.digest()));
    }
  }

  /**
   * Streams a layer into {@code target}, hashed on the way (moby: "filesystem layer verification
   * failed for digest"); never read past its descriptor's size.
   */
  public void layer(NamedReference repository, Descriptor layer, Path target)
      throws IOException {
    try (RegistryTransport.Response response = blob(repository, layer.digest())) {
      Bodies.copy(response.body(), target, layer, "filesystem layer verification failed for"
          + " digest " + layer.digest());
    }
  }

  private byte[] manifestBody(NamedReference repository, String reference) throws IOException {
    String what = "manifest " + reference;
    try (RegistryTransport.Response response = get(repository, "/manifests/" + reference,
        ACCEPT, what)) {
      if (response.status() == 404 || response.status() == 401) {
        throw new RejectedException(new Rejection.NotFound("pull access denied for "
            + repository.repository().familiarName() + ", repository does not exist or may"
            + " require 'docker login'"));
      }
      check(response, what);
      return Bodies.readAtMost(response.body(), transport.settings().maxManifestBytes(), what,
          "max-manifest-bytes");
    }
  }

  private RegistryTransport.Response blob(NamedReference repository, Digest digest)
      throws IOException {
    RegistryTransport.Response response = get(repository, "/blobs/" + digest, "*/*",
        "blob " + digest);
    try {
      check(response, "blob " + digest);
      return response;
    } catch (RegistryException e) {
      response.close();
      throw e;
    }
  }

  /** GETs a path of the repository, asking the realm a 401 names for a token, once. */
  private RegistryTransport.Response get(NamedReference ref, String path, String accept,
      String what) throws IOException {
    URI uri = URI.create(transport.base(registryHost(ref)) + "/v2/" + ref.repository().path()
        + path);
    RegistryTransport.Response response = transport.get(uri, accept, bearer(), what, bounds);
    if (response.status() != 401 || !RegistryTransport.sameOrigin(uri, response.uri())) {
      return response;
    }
    Optional<String> granted;
    try {
      granted = BearerToken.fetch(transport, response.uri(), response.headers(),
          "repository:" + ref.repository().path() + ":pull", bounds);
    } catch (IOException | RuntimeException e) {
      response.close();
      throw e;
    }
    if (granted.isEmpty()) {
      return response;
    }
    response.close();
    token = granted;
    return transport.get(uri, accept, bearer(), what, bounds);
  }

  private Optional<String> bearer() {
    return token.map(value -> "Bearer " + value);
  }

  private static String registryHost(NamedReference ref) {
    String domain = ref.repository().domain();
    return domain.equals("docker.io") ? "registry-1.docker.io" : domain;
  }

  private static Optional<Digest> digest(String reference) {
    try {
      return Optional.of(Digest.parse(reference));
    } catch (InvalidReferenceException notADigest) {
      return Optional.empty();
    }
  }

  private static JsonNode json(byte[] body, String what) throws RegistryException {
    try {
      JsonNode json = JSON.readTree(body);
      if (json == null || !json.isObject()) {
        throw new RegistryException("registry sent no JSON for " + what);
      }
      return json;
    } catch (IOException e) {
      throw new RegistryException("registry sent no JSON for " + what);
    }
  }

  private static void check(RegistryTransport.Response response, String what)
      throws RegistryException {
    if (response.status() / 100 != 2) {
      throw new RegistryException("registry answered " + response.status() + " for " + what);
    }
  }
}
