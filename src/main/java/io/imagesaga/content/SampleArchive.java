package io.imagesaga.content;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A small image chain to try imagesaga without a registry: {@code sample/base} (one layer),
 * {@code sample/app:1} on it (its second layer gzipped) and {@code sample/app:2} on that, saved
 * in the older {@code docker save} layout with {@code Parent} links, so that loading it gives a
 * real parent chain.
 */
public final class SampleArchive {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SampleArchive() {}

  public static void write(OutputStream out) throws IOException {
    ArrayNode manifest = JSON.createArrayNode();
    List<byte[]> layers = new ArrayList<>();
    List<Digest> diffIds = new ArrayList<>();
    ImageId parent = null;
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      String[][] images = {{"sample/base:latest"}, {"sample/app:1"}, {"sample/app:2"}};
      for (int i = 0; i < images.length; i++) {
        byte[] layer = layerTar("hello-" + i + ".txt", "layer " + i + "\n");
        layers.add(layer);
        diffIds.add(Digest.sha256(layer));
        byte[] config = config(i, diffIds);
        ImageId id = ImageId.fromConfig(config);
        put(tar, id.hex() + ".json", config);
        ObjectNode item = manifest.addObject();
        item.put("Config", id.hex() + ".json");
        item.putArray("RepoTags").add(images[i][0]);
        ArrayNode paths = item.putArray("Layers");
        for (int l = 0; l <= i; l++) {
          String path = diffIds.get(l).encoded() + "/layer.tar";
          paths.add(path);
          if (l == i) {
            put(tar, path, i == 1 ? gzip(layers.get(l)) : layers.get(l));
          }
        }
        if (parent != null) {
          item.put("Parent", parent.toString());
        }
        parent = id;
      }
      put(tar, "manifest.json", JSON.writeValueAsBytes(manifest));
    }
  }

  private static byte[] config(int index, List<Digest> diffIds) {
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", "amd64");
    config.put("os", "linux");
    config.put("created", "2026-01-0" + (index + 1) + "T00:00:00Z");
    ObjectNode inner = config.putObject("config");
    inner.putArray("Cmd").add("sh");
    inner.putObject("Labels").put("org.example.sample", String.valueOf(index));
    ArrayNode history = config.putArray("history");
    for (int step = 0; step <= index; step++) {
      ObjectNode entry = history.addObject();
      entry.put("created", "2026-01-0" + (step + 1) + "T00:00:00Z");
      entry.put("created_by", "COPY hello-" + step + ".txt / # imagesaga sample");
    }
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode ids = rootfs.putArray("diff_ids");
    diffIds.forEach(d -> ids.add(d.toString()));
    try {
      return JSON.writeValueAsBytes(config);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] layerTar(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      put(tar, name, content.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(data);
    }
    return bytes.toByteArray();
  }

  /** One regular file entry, dated the epoch so that archives are the same bytes each time. */
  public static void put(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setModTime(0);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}
