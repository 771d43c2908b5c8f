package io.imagesaga.content;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A {@code docker save} archive of many independent one-layer images, each with a layer of its
 * own and one tag ({@code bulk/load:<i>}, all in one repository, the case where a load's tags
 * meet in one repository entity): what the load benchmarks load. The same {@code images} give
 * the same bytes.
 */
public final class BulkArchive {
  /** The repository every image is tagged in. */
  public static final String REPOSITORY = "bulk/load";

  private static final ObjectMapper JSON = new ObjectMapper();

  private BulkArchive() {}

  /** Writes the archive of {@code images} images to {@code file}. Blocking. */
  public static void write(Path file, int images) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      write(out, images);
    }
  }

  /** Writes the archive of {@code images} images to {@code out}, which it leaves open. */
  public static void write(OutputStream out, int images) throws IOException {
    ArrayNode manifest = JSON.createArrayNode();
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    for (int i = 0; i < images; i++) {
      byte[] layer = layerTar(i);
      Digest diffId = Digest.sha256(layer);
      byte[] config = config(i, diffId);
      ImageId id = ImageId.fromConfig(config);
      String layerPath = diffId.encoded() + "/layer.tar";
      SampleArchive.put(tar, layerPath, layer);
      SampleArchive.put(tar, id.hex() + ".json", config);
      ObjectNode item = manifest.addObject();
      item.put("Config", id.hex() + ".json");
      item.putArray("RepoTags").add(tag(i));
      item.putArray("Layers").add(layerPath);
    }
    SampleArchive.put(tar, "manifest.json", JSON.writeValueAsBytes(manifest));
    tar.finish();
    out.flush();
  }

  /** The tag of the {@code i}th image. */
  public static String tag(int i) {
    return REPOSITORY + ":" + i;
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
    return JSON.writeValueAsBytes(config);
  }

  private static byte[] layerTar(int i) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      SampleArchive.put(tar, "bulk-" + i + ".txt",
          ("image " + i + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
