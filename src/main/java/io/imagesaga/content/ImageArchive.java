package io.imagesaga.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.reference.ImageId;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A {@code docker save} archive unpacked into a directory: {@code manifest.json} names each
 * image's config, tags, layers and (older saves) parent. Both layouts are read: v25+ (OCI,
 * {@code blobs/sha256/<hex>}) and the older one ({@code <hex>.json}, {@code <dir>/layer.tar},
 * duplicate layers as symlinks). Paths that would leave the directory are refused.
 */
public final class ImageArchive {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One entry of {@code manifest.json}. */
  public record Item(String config, List<String> repoTags, List<String> layers,
      Optional<ImageId> parent) {}

  private final Path root;

  private ImageArchive(Path root) {
    this.root = root;
  }

  /** Unpacks {@code tar} into {@code dir} (which must be empty and private to the caller). */
  public static ImageArchive unpack(InputStream tar, Path dir) throws IOException {
    Map<Path, Path> links = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(tar))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        Path target = inside(dir, entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isSymbolicLink()) {
          Path linked = target.getParent().resolve(entry.getLinkName()).normalize();
          if (!linked.startsWith(dir)) {
            throw invalid("invalid archive: link " + entry.getName() + " leaves the archive");
          }
          links.put(target, linked);
        } else if (entry.isFile()) {
          Files.createDirectories(target.getParent());
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    for (Map.Entry<Path, Path> link : links.entrySet()) {
      if (Files.isRegularFile(link.getValue())) {
        Files.createDirectories(link.getKey().getParent());
        Files.copy(link.getValue(), link.getKey(), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return new ImageArchive(dir);
  }

  public List<Item> manifest() throws IOException {
    Path manifest = root.resolve("manifest.json");
    if (!Files.isRegularFile(manifest)) {
      throw invalid("invalid archive: no manifest.json (is it a docker save archive?)");
    }
    JsonNode items = JSON.readTree(manifest.toFile());
    if (items != null && items.isNull()) {
      // moby image/tarexport/load.go validateManifest.
      throw invalid("invalid manifest, manifest cannot be null (but can be [])");
    }
    if (items == null || !items.isArray()) {
      throw invalid("invalid archive: manifest.json is not a list");
    }
    List<Item> result = new ArrayList<>();
    for (JsonNode item : items) {
      List<String> tags = new ArrayList<>();
      item.path("RepoTags").forEach(t -> tags.add(t.asText()));
      List<String> layers = new ArrayList<>();
      item.path("Layers").forEach(l -> layers.add(l.asText()));
      String parent = item.path("Parent").asText("");
      result.add(new Item(item.path("Config").asText(""), tags, layers,
          parent.isEmpty() ? Optional.empty() : Optional.of(ImageId.parse(parent))));
    }
    return result;
  }

  /** A file of the archive, refused if it is missing or outside it. */
  public Path file(String name) throws IOException {
    Path path = inside(root, name);
    if (!Files.isRegularFile(path)) {
      throw invalid("invalid archive: missing " + name);
    }
    return path;
  }

  private static Path inside(Path dir, String name) throws IOException {
    Path path = dir.resolve(name).normalize();
    if (!path.startsWith(dir) || path.equals(dir)) {
      throw invalid("invalid archive: path " + name + " leaves the archive");
    }
    return path;
  }

  static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
