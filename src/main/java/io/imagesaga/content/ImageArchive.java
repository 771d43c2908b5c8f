package io.imagesaga.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.RejectedException;
import io.imagesaga.content.ArchiveEntries.Node;
import io.imagesaga.reference.ImageId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code docker save} archive read into a work directory: {@code manifest.json} names each
 * image's config, tags, layers and (older saves) parent. Both layouts are read: v25+ (OCI,
 * {@code blobs/sha256/<hex>}) and the older one ({@code <hex>.json}, {@code <dir>/layer.tar},
 * duplicate layers as symlinks), whole or compressed as dockerd reads it (see
 * {@link Decompression}), with plain names or {@code ./} ones (a save repacked with
 * {@code tar -C dir -cf x.tar .}). Names resolve inside the archive only ({@link ArchiveEntries});
 * a link resolves to the file it names, through at most {@link LoadLimits#maxLinkDepth} links.
 * Nothing it reads into memory passes its {@link LoadLimits}.
 */
public final class ImageArchive {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One entry of {@code manifest.json}. */
  public record Item(String config, List<String> repoTags, List<String> layers,
      Optional<ImageId> parent) {}

  private final Map<Path, Node> entries;
  private final LoadLimits limits;

  private ImageArchive(Map<Path, Node> entries, LoadLimits limits) {
    this.entries = entries;
    this.limits = limits;
  }

  /**
   * Reads {@code tar} into {@code dir} (private to the caller), each byte of it as decompressed
   * spent from {@code budget}.
   */
  public static ImageArchive unpack(InputStream tar, Path dir, LoadLimits limits,
      ByteBudget budget) throws IOException {
    return new ImageArchive(ArchiveEntries.read(tar, dir, limits, budget), limits);
  }

  public List<Item> manifest() throws IOException {
    Path manifest = find("manifest.json").orElseThrow(() -> invalid(
        "invalid archive: no manifest.json (is it a docker save archive?)"));
    JsonNode items = JSON.readTree(ByteBudget.readAtMost(manifest, limits.maxManifestBytes(),
        "invalid archive: manifest.json is larger than " + limits.maxManifestBytes() + " bytes"
            + LoadLimits.setting("max-manifest-bytes")));
    if (items != null && items.isNull()) {
      // moby image/tarexport/load.go validateManifest.
      throw invalid("invalid manifest, manifest cannot be null (but can be [])");
    }
    if (items == null || !items.isArray()) {
      throw invalid("invalid archive: manifest.json is not a list");
    }
    if (items.size() > limits.maxImages()) {
      throw invalid("invalid archive: more than " + limits.maxImages() + " images"
          + LoadLimits.setting("max-images"));
    }
    List<Item> result = new ArrayList<>();
    long layers = 0;
    for (JsonNode item : items) {
      result.add(item(item));
      if ((layers += result.get(result.size() - 1).layers().size()) > limits.maxTotalLayers()) {
        throw invalid("invalid archive: more than " + limits.maxTotalLayers() + " layers in all"
            + LoadLimits.setting("max-total-layers"));
      }
    }
    return result;
  }

  private Item item(JsonNode item) {
    List<String> tags = new ArrayList<>();
    item.path("RepoTags").forEach(t -> tags.add(t.asText()));
    List<String> layers = new ArrayList<>();
    item.path("Layers").forEach(l -> layers.add(l.asText()));
    if (layers.size() > limits.maxLayers()) {
      throw invalid("invalid image: more than " + limits.maxLayers() + " layers"
          + LoadLimits.setting("max-layers"));
    }
    return new Item(item.path("Config").asText(""), tags, layers,
        parent(item.path("Parent").asText("")));
  }

  /**
   * A {@code Parent} that is no image ID names no image of the archive, and moby's
   * validatedParentLinks drops such a link: none.
   */
  private static Optional<ImageId> parent(String id) {
    try {
      return id.isEmpty() ? Optional.empty() : Optional.of(ImageId.parse(id));
    } catch (IllegalArgumentException notAnImageId) {
      return Optional.empty();
    }
  }

  /** An image config of the archive, read whole within {@link LoadLimits#maxConfigBytes}. */
  public byte[] config(String name) throws IOException {
    return ByteBudget.readAtMost(file(name), limits.maxConfigBytes(), "invalid archive: config "
        + name + " is larger than " + limits.maxConfigBytes() + " bytes"
        + LoadLimits.setting("max-config-bytes"));
  }

  /** A file of the archive, refused if it is missing, outside it, or behind too many links. */
  public Path file(String name) {
    return find(name).orElseThrow(() -> invalid("invalid archive: missing " + name));
  }

  /** The file {@code name} holds, following its links; empty if it holds none. */
  private Optional<Path> find(String name) {
    Path key = ArchiveEntries.name(name);
    for (int links = 0; ; links++) {
      Node node = entries.get(key);
      if (!(node instanceof Node.Link link)) {
        return node instanceof Node.Stored stored ? Optional.of(stored.file()) : Optional.empty();
      } else if (links == limits.maxLinkDepth()) {
        throw invalid("invalid archive: too many links resolving " + name
            + LoadLimits.setting("max-link-depth"));
      }
      key = link.target();
    }
  }

  private static RejectedException invalid(String message) {
    return ArchiveEntries.invalid(message);
  }
}
