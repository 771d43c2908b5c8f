package io.imagesaga.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A {@code docker save} archive of {@code count} unrelated images, one small uncompressed layer
 * each, tagged {@code bench-load-<i>:latest}: what the load figure posts. Deterministic, so that
 * two runs load the same bytes.
 */
final class LoadArchive {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LoadArchive() {}

  static void write(OutputStream out, int count) throws IOException {
    ArrayNode manifest = JSON.createArrayNode();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (int i = 0; i < count; i++) {
        byte[] layer = layerTar(i);
        Digest diffId = Digest.sha256(layer);
        byte[] config = config(i, diffId);
        String configName = ImageId.fromConfig(config).hex() + ".json";
        String layerPath = diffId.encoded() + "/layer.tar";
        put(tar, configName, config);
        put(tar, layerPath, layer);
        ObjectNode item = manifest.addObject();
        item.put("Config", configName);
        item.putArray("RepoTags").add("bench-load-" + i + ":latest");
        item.putArray("Layers").add(layerPath);
      }
      put(tar, "manifest.json", JSON.writeValueAsBytes(manifest));
    }
  }

  private static byte[] config(int i, Digest diffId) throws IOException {
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", "amd64");
    config.put("os", "linux");
    config.put("created", "2026-01-01T00:00:00Z");
    config.putObject("config").putArray("Cmd").add("sh");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids").add(diffId.toString());
    config.putArray("history").addObject().put("created_by", "COPY file-" + i + " /");
    return JSON.writeValueAsBytes(config);
  }

  private static byte[] layerTar(int i) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      put(tar, "file-" + i, ("image " + i + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setModTime(0);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}
