package io.imagesaga.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagesaga.Provenance;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.content.BlobStore;
import io.imagesaga.content.ByteBudget;
import io.imagesaga.content.Descriptor;
import io.imagesaga.content.ImageManifest;
import io.imagesaga.content.Layers;
import io.imagesaga.content.Loopback;
import io.imagesaga.content.PullBounds;
import io.imagesaga.content.RegistryClient;
import io.imagesaga.content.RegistryClient.ConfigBlob;
import io.imagesaga.content.RegistryClient.Manifest;
import io.imagesaga.content.RegistrySettings;
import io.imagesaga.content.RegistryTransport;
import io.imagesaga.deletion.ImageActionMetrics;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.service.ImageRegistration.LayerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * {@code docker pull}: fetches the manifest (choosing linux/amd64 from an index), the config
 * and the layers, verifying each against its digest and size ({@link RegistryClient}) and every
 * diff ID, then registers the image with the tag pulled and records
 * {@code repo@<manifest digest>}, as dockerd does. Both are journaled with the provenance of the
 * pull request; a pull that fails before has journaled and stored nothing. The fetch is bounded
 * by {@code imagesaga.registry.pull-deadline}, the registration is not (it is an operation,
 * carried through).
 */
public final class ImagePuller {
  private final ImageService images;
  private final BlobStore blobs;
  private final Executor blocking;
  private final RegistryTransport transport;
  private final ImageActionMetrics actions;

  /** @param actions where a pull that succeeded is timed, as dockerd times its pulls */
  public ImagePuller(ImageService images, BlobStore blobs, Executor blocking,
      RegistrySettings settings, ImageActionMetrics actions) {
    this.actions = actions;
    this.images = images;
    this.blobs = blobs;
    this.blocking = blocking;
    this.transport = new RegistryTransport(settings, Loopback.SYSTEM);
  }

  /**
   * A pull whose manifest is resolved: dockerd's first message, then {@code finished} with the
   * rest once the image is registered, or failed with what stopped it.
   */
  public record Pull(Map<String, String> started,
      CompletionStage<List<Map<String, String>>> finished) {}

  /**
   * What a pull fetches: the manifest the reference named, the config and layers of its
   * linux/amd64 image, from the registry client of this pull (its token, its bounds).
   */
  private record Target(NamedReference name, String reference, Manifest top,
      ImageManifest image, RegistryClient registry) {}

  /**
   * {@code docker pull}. A bad name or tag, or a manifest that cannot be had, fails the
   * returned stage (dockerd answers those with an error status, before any message); what
   * fails after that fails {@link Pull#finished} (dockerd reports it inside its stream).
   */
  public CompletionStage<Pull> pull(String fromImage, String tag, Provenance provenance) {
    long start = System.nanoTime();
    PullBounds bounds = PullBounds.of(transport.settings());
    return CompletableFuture.supplyAsync(
            () -> unchecked(() -> resolve(fromImage, tag, bounds)), blocking)
        .thenApply(target -> new Pull(
            message("status", "Pulling from " + target.name().repository().path(),
                "id", target.reference()),
            CompletableFuture.supplyAsync(
                () -> unchecked(() -> fetch(target, provenance)), blocking)
                .thenApply(messages -> {
                  actions.succeeded(ImageActionMetrics.PULL, start);
                  return messages;
                })));
  }

  /**
   * The manifest, and the config and layers of its linux/amd64 image, refused if there are
   * more than a pull may have or download; nothing else is fetched yet.
   */
  private Target resolve(String fromImage, String tag, PullBounds bounds) throws IOException {
    NamedReference repo = parse(fromImage);
    checkTag(repo, tag);
    String reference = tag.isEmpty() ? Optional.ofNullable(repo.tag()).orElse(
        repo.isCanonical() ? repo.digest().toString() : References.DEFAULT_TAG) : tag;
    NamedReference name = new NamedReference(repo.repository(), null, null);
    RegistryClient registry = new RegistryClient(transport, bounds);
    Manifest top = registry.manifest(name, reference);
    ImageManifest image = registry.image(platformManifest(registry, name, top));
    return new Target(name, reference, top, image, registry);
  }

  /** Fetches, registers and announces the image; the messages after {@code Pulling from}. */
  private List<Map<String, String>> fetch(Target target, Provenance provenance)
      throws IOException {
    NamedReference name = target.name();
    Path work = blobs.newWorkDir("pull");
    ImportLeases leases = images.newImport();
    List<ImageId> written = new ArrayList<>();
    try {
      ImageId id = images.register(fetch(target, work, leases), provenance)
          .toCompletableFuture().join();
      written.add(id);
      images.addDigestReference(name.repository().name() + "@" + target.top().digest(), id,
          provenance).toCompletableFuture().join();
      String shown = name.repository().familiarName()
          + (target.reference().contains(":") ? "@" : ":") + target.reference();
      images.announce(id, "pull", shown).toCompletableFuture().join();
      return List.of(message("status", "Digest: " + target.top().digest()),
          message("status", "Status: Downloaded newer image for " + shown));
    } finally {
      blobs.removeWorkDir(work);
      leases.end(written).toCompletableFuture().join();
    }
  }

  /** A JSON message with its fields in the given order (dockerd's: status before id). */
  private static Map<String, String> message(String... fields) {
    Map<String, String> message = new LinkedHashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      message.put(fields[i], fields[i + 1]);
    }
    return message;
  }

  private interface Io<T> {
    T get() throws IOException;
  }

  private static <T> T unchecked(Io<T> work) {
    try {
      return work.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Downloads the config and the layers, verifies them, stages the layers: what to register.
   * Nothing enters the blob store before every layer is verified.
   */
  private ImageRegistration fetch(Target target, Path work, ImportLeases leases)
      throws IOException {
    ConfigBlob config = target.registry().config(target.name(), target.image().config());
    List<String> diffIds = new ArrayList<>();
    config.json().path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
    List<LayerSpec> specs = LayerSpec.stage(blobs, layers(target, diffIds, work));
    String reference = target.reference();
    List<String> tags = reference.contains(":") ? List.of()
        : List.of(target.name().repository().name() + ":" + reference);
    return new ImageRegistration(config.bytes(), specs, Optional.empty(), tags,
        Optional.of(leases.lease()));
  }

  /**
   * Downloads each layer into {@code work} and decompresses it there, within the pull's
   * {@code max-uncompressed-bytes}, checking it against its diff ID; the compressed file goes
   * as soon as it is decompressed.
   */
  private List<Layers.Uncompressed> layers(Target target, List<String> diffIds, Path work)
      throws IOException {
    List<Descriptor> layers = target.image().layers();
    if (layers.size() != diffIds.size()) {
      throw invalid("manifest has " + layers.size() + " layers, config " + diffIds.size());
    }
    List<Layers.Uncompressed> verified = new ArrayList<>();
    ByteBudget budget = transport.settings().uncompressedBudget();
    for (int i = 0; i < layers.size(); i++) {
      Path compressed = work.resolve("blob-" + i);
      target.registry().layer(target.name(), layers.get(i), compressed);
      Layers.Uncompressed layer = Layers.uncompress(compressed, work.resolve("layer-" + i),
          budget);
      Files.delete(compressed);
      if (!layer.diffId().toString().equals(diffIds.get(i))) {
        throw invalid("layer " + i + " has diff ID " + layer.diffId() + ", config says "
            + diffIds.get(i));
      }
      verified.add(layer);
    }
    return verified;
  }

  /** An index or manifest list resolves to its linux/amd64 manifest. */
  private static Manifest platformManifest(RegistryClient registry, NamedReference name,
      Manifest manifest) throws IOException {
    if (!manifest.json().has("manifests")) {
      return manifest;
    }
    for (JsonNode entry : manifest.json().path("manifests")) {
      JsonNode platform = entry.path("platform");
      if (platform.path("os").asText().equals("linux")
          && platform.path("architecture").asText().equals("amd64")) {
        return registry.manifest(name, Descriptor.of(entry, "linux/amd64 entry"));
      }
    }
    throw new RejectedException(new Rejection.NotFound(
        "no matching manifest for linux/amd64 in the manifest list entries"));
  }

  /**
   * moby image_routes.go postImagesCreate: a {@code tag} that is not a digest must be a tag
   * ({@code WithTag}: "invalid tag format"), checked before any registry is asked.
   */
  private static void checkTag(NamedReference repo, String tag) {
    if (tag.isEmpty()) {
      return;
    }
    try {
      Digest.parse(tag);
    } catch (InvalidReferenceException notADigest) {
      try {
        NamedReference.tagged(repo.repository(), tag);
      } catch (InvalidReferenceException e) {
        throw new RejectedException(new Rejection.InvalidReference(e.getMessage()));
      }
    }
  }

  private static NamedReference parse(String fromImage) {
    try {
      return References.parseNormalizedNamed(fromImage);
    } catch (InvalidReferenceException e) {
      throw new RejectedException(new Rejection.InvalidReference(e.getMessage()));
    }
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
