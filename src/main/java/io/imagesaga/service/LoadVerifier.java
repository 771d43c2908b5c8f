package io.imagesaga.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.content.ImageArchive;
import io.imagesaga.content.Layers;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.service.ImageRegistration.LayerSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the items of one {@code docker load}'s manifest, each with moby's load checks and
 * every rule its registration will apply ({@link ImageService#plan},
 * {@link ImageService#tagReference}), so that nothing refuses an image once the first is
 * registered. Each layer file is decompressed once ({@link LoadedLayers}); each config file is
 * read and checked once, however many items name it. One load, one thread; blocking.
 */
final class LoadVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A manifest item that passed: its image, its layers decompressed, its tags normalized. */
  record Verified(ImageArchive.Item item, ImageId id, List<Layers.Uncompressed> layers,
      List<NamedReference> tags) {
    LoadPlan.Item planned() {
      return new LoadPlan.Item(id, ChainIds.of(layers.stream().map(Layers.Uncompressed::diffId)
          .toList()), tags, item.parent());
    }
  }

  /** A config file already checked: its image ID and its {@code rootfs.diff_ids}. */
  private record Config(ImageId id, List<String> diffIds) {}

  private final ImageArchive archive;
  private final LoadedLayers layers;
  private final Map<Path, Config> configs = new HashMap<>();

  LoadVerifier(ImageArchive archive, LoadedLayers layers) {
    this.archive = archive;
    this.layers = layers;
  }

  /**
   * Checks one item; its image is to be registered under the sha256 of its config, whatever
   * the file is called (as dockerd).
   */
  Verified verify(ImageArchive.Item item) throws IOException {
    Path file = archive.file(item.config());
    Config config = configs.get(file);
    byte[] bytes = config == null ? archive.config(item.config()) : null;
    if (config == null) {
      config = parse(bytes);
    }
    if (config.diffIds().size() != item.layers().size()) {
      throw invalid("invalid manifest, layers length mismatch: expected " + item.layers().size()
          + ", got " + config.diffIds().size());
    }
    List<NamedReference> tags = tags(item.repoTags());
    List<Layers.Uncompressed> verified = layers(item, config.diffIds());
    if (bytes != null) {
      // What registering the image checks of its config (its created time, its layers).
      ImageRegistrar.plan(new ImageRegistration(bytes, verified.stream()
          .map(layer -> new LayerSpec(layer.diffId(), layer.size())).toList(),
          Optional.empty(), List.of()));
      configs.put(file, config);
    }
    return new Verified(item, config.id(), verified, tags);
  }

  /** moby image/image.go NewFromJSON, then load.go's image.CheckOS. */
  private static Config parse(byte[] config) throws IOException {
    JsonNode root = JSON.readTree(config);
    if (root == null || !root.hasNonNull("rootfs")) {
      throw invalid("invalid image JSON, no RootFS key");
    }
    String os = root.path("os").asText("");
    if (!os.isEmpty() && !os.equalsIgnoreCase("linux")) {
      throw invalid("cannot load " + os + " image on linux");
    }
    List<String> diffIds = new ArrayList<>();
    root.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
    return new Config(ImageId.fromConfig(config), diffIds);
  }

  /** Each layer of {@code item}, decompressed, its diff ID the config's. */
  private List<Layers.Uncompressed> layers(ImageArchive.Item item, List<String> diffIds)
      throws IOException {
    List<Layers.Uncompressed> verified = new ArrayList<>();
    for (int i = 0; i < diffIds.size(); i++) {
      Layers.Uncompressed layer = layers.of(archive.file(item.layers().get(i)));
      if (!layer.diffId().toString().equals(diffIds.get(i))) {
        throw invalid("invalid diffID for layer " + i + ": expected \"" + diffIds.get(i)
            + "\", got \"" + layer.diffId() + "\"");
      }
      verified.add(layer);
    }
    return verified;
  }

  /**
   * moby load.go: each RepoTag must parse and be a name:tag ({@code invalid tag "x"}); then
   * whatever registering a tag refuses. dockerd checks them after creating the image; here
   * nothing is stored when one is wrong.
   */
  private static List<NamedReference> tags(List<String> tags) {
    List<NamedReference> refs = new ArrayList<>();
    for (String tag : tags) {
      NamedReference ref;
      try {
        ref = References.parseNormalizedNamed(tag);
      } catch (InvalidReferenceException e) {
        throw new RejectedException(new Rejection.InvalidReference(e.getMessage()));
      }
      if (!ref.isTagged()) {
        throw invalid("invalid tag \"" + tag + "\"");
      }
      refs.add(ImageService.tagReference(tag));
    }
    return refs;
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
