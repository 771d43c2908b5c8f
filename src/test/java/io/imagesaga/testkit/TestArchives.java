package io.imagesaga.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * {@code docker load} archives built entry by entry, so that tests can make them wrong on
 * purpose: names that leave the archive ({@code ../x}, {@code /x}), links that point out of
 * it, manifests that lie. Entry names are written exactly as given (an absolute name keeps its
 * leading slash).
 */
public final class TestArchives {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestArchives() {}

  /** One tar entry: a regular file, a symbolic or a hard link, or any other type as given. */
  public record Entry(String name, byte[] content, byte type, String linkName) {
    public static Entry file(String name, byte[] content) {
      return new Entry(name, content, TarConstants.LF_NORMAL, null);
    }

    public static Entry file(String name, String content) {
      return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public static Entry symlink(String name, String target) {
      return new Entry(name, new byte[0], TarConstants.LF_SYMLINK, target);
    }

    /** A hard link: {@code target} is the name of another entry, from the archive's root. */
    public static Entry hardlink(String name, String target) {
      return new Entry(name, new byte[0], TarConstants.LF_LINK, target);
    }

    public static Entry directory(String name) {
      return new Entry(name, new byte[0], TarConstants.LF_DIR, null);
    }

    /** A global PAX header ({@code pax_global_header}, as git archive writes) of one record. */
    public static Entry globalPax(String key, String value) {
      return new Entry("pax_global_header", (key + "=" + value).getBytes(StandardCharsets.UTF_8),
          TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER, null);
    }

    /** An entry of {@code type} holding {@code content} as is (a PAX header's records). */
    public static Entry of(String name, byte type, byte[] content) {
      return new Entry(name, content, type, null);
    }

    private boolean isLink() {
      return type == TarConstants.LF_SYMLINK || type == TarConstants.LF_LINK;
    }
  }

  /** A one-layer image as {@code docker save} (v25+) lays it out. */
  public record Image(byte[] layer, Digest diffId, byte[] config, ImageId id) {
    /** Its config under {@code blobs/sha256/<id>}, its layer under {@code blobs/sha256/<diff>}. */
    public String configPath() {
      return "blobs/sha256/" + id.hex();
    }

    public String layerPath() {
      return "blobs/sha256/" + diffId.encoded();
    }

    /** The config and layer entries, then {@code manifest.json} naming them with {@code tags}. */
    public List<Entry> entries(String... tags) {
      return List.of(Entry.file(configPath(), config), Entry.file(layerPath(), layer),
          Entry.file("manifest.json", manifest(configPath(), List.of(layerPath()),
              Optional.empty(), tags)));
    }
  }

  /** An image whose single layer holds {@code <seed>.txt}; its config is unique to the seed. */
  public static Image image(String seed) {
    byte[] layer = layer(seed + ".txt", "content of " + seed + "\n");
    Digest diffId = Digest.sha256(layer);
    byte[] config = NodeDriver.config(seed, List.of(diffId));
    return new Image(layer, diffId, config, ImageId.fromConfig(config));
  }

  /** An uncompressed layer tar holding one file. */
  public static byte[] layer(String fileName, String content) {
    return tar(List.of(Entry.file(fileName, content)));
  }

  /** {@code manifest.json} with one item. */
  public static String manifest(String config, List<String> layers, Optional<String> parent,
      String... tags) {
    ArrayNode manifest = JSON.createArrayNode();
    addItem(manifest, config, layers, parent, tags);
    return manifest.toString();
  }

  /** Appends an item to {@code manifest}, a {@code manifest.json} being built. */
  public static void addItem(ArrayNode manifest, String config, List<String> layers,
      Optional<String> parent, String... tags) {
    ObjectNode item = manifest.addObject();
    item.put("Config", config);
    ArrayNode repoTags = item.putArray("RepoTags");
    for (String tag : tags) {
      repoTags.add(tag);
    }
    ArrayNode paths = item.putArray("Layers");
    layers.forEach(paths::add);
    parent.ifPresent(p -> item.put("Parent", p));
  }

  /** The entries as a tar, in order, with the end-of-archive blocks. */
  public static byte[] tar(List<Entry> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry entry : entries) {
        TarArchiveEntry header = entry.type() == TarConstants.LF_NORMAL
            ? new TarArchiveEntry(entry.name(), true)
            : new TarArchiveEntry(entry.name(), entry.type(), true);
        if (entry.type() == TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER) {
          // The writer encodes a global header's records itself, as the entry's content.
          String[] record = new String(entry.content(), StandardCharsets.UTF_8).split("=", 2);
          header.addPaxHeader(record[0], record[1]);
          out.putArchiveEntry(header);
          continue;
        } else if (entry.isLink()) {
          header.setLinkName(entry.linkName());
        } else {
          header.setSize(entry.content().length);
        }
        out.putArchiveEntry(header);
        out.write(entry.content());
        out.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** {@code tar(entries)}, with {@code more} appended. */
  public static List<Entry> with(List<Entry> entries, Entry... more) {
    List<Entry> all = new ArrayList<>(entries);
    all.addAll(List.of(more));
    return all;
  }
}
