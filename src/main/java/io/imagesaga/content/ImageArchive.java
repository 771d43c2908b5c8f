package io.imagesaga.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.reference.ImageId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * duplicate layers as symlinks), whole or compressed as dockerd reads it (see
 * {@link Decompression}), with plain names or {@code ./} ones (a save repacked with
 * {@code tar -C dir -cf x.tar .}). Paths that would leave the directory are refused.
 */
public final class ImageArchive {
  private static final Path CHROOT = Path.of("/");
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
    try (TarArchiveInputStream in = new TarArchiveInputStream(Decompression.open(tar,
        "invalid archive: zstd-compressed archives are not supported;"
            + " decompress it first (zstd -d)"))) {
      TarArchiveEntry entry;
      while ((entry = next(in)) != null) {
        if (entry.isDirectory() && isRoot(entry.getName())) {
          continue; // "./": the root itself, which is there already
        }
        Path target = ArchivePaths.inside(dir, entry.getName());
        if (entry.isDirectory()) {
          ArchivePaths.makeRoom(dir, target, true, entry.getName());
        } else if (entry.isSymbolicLink()) {
          links.put(target, ArchivePaths.linkTarget(dir, target, entry.getLinkName()));
        } else if (entry.isFile()) {
          ArchivePaths.makeRoom(dir, target, false, entry.getName());
          copy(in, target, entry.getSize());
        }
      }
    }
    for (Map.Entry<Path, Path> link : links.entrySet()) {
      Path at = link.getKey();
      if (link.getValue().startsWith(at)) {
        ArchivePaths.remove(at); // it replaced its own target, and dangles (as in dockerd)
      } else if (Files.isRegularFile(link.getValue())) {
        ArchivePaths.makeRoom(dir, at, false, dir.relativize(at).toString());
        Files.copy(link.getValue(), at, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return new ImageArchive(dir);
  }

  /** The next entry; a block that is no tar header fails with Go's archive/tar text. */
  private static TarArchiveEntry next(TarArchiveInputStream in) {
    try {
      return in.getNextEntry();
    } catch (IOException e) {
      throw invalid("archive/tar: invalid tar header");
    }
  }

  /**
   * An entry's content; an archive that ends inside it fails as Go's reader does. Only a failed
   * read is the archive's fault: a failed write is this machine's, and stays an I/O error.
   */
  private static void copy(InputStream in, Path target, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long copied = 0;
    try (OutputStream out = Files.newOutputStream(target)) {
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          throw invalid("unexpected EOF");
        }
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        copied += n;
      }
    }
    if (copied < size) {
      throw invalid("unexpected EOF");
    }
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
      result.add(new Item(item.path("Config").asText(""), tags, layers,
          parent(item.path("Parent").asText(""))));
    }
    return result;
  }

  /** A file of the archive, refused if it is missing or outside it. */
  public Path file(String name) throws IOException {
    Path path = ArchivePaths.inside(root, name);
    if (!Files.isRegularFile(path)) {
      throw invalid("invalid archive: missing " + name);
    }
    return path;
  }

  /**
   * A {@code Parent} that is no image ID can name no image of the archive, and moby's
   * validatedParentLinks drops any other: none.
   */
  private static Optional<ImageId> parent(String id) {
    try {
      return id.isEmpty() ? Optional.empty() : Optional.of(ImageId.parse(id));
    } catch (IllegalArgumentException notAnImageId) {
      return Optional.empty();
    }
  }

  private static boolean isRoot(String name) {
    try {
      return CHROOT.resolve(name).normalize().equals(CHROOT);
    } catch (java.nio.file.InvalidPathException notAName) {
      return false; // refused where it would land (ArchivePaths.inside)
    }
  }

  static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
