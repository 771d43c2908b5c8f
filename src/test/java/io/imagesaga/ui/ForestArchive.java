package io.imagesaga.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.content.SampleArchive;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A {@code docker save} archive of a forest of images, for measuring the web view on a graph
 * rather than a flat list ({@code sample --images}): {@code roots} base images, each image with
 * {@code branching} children, breadth first until {@code images}; each image adds one layer to
 * its parent's and links it with {@code Parent} (the older layout, as {@code imagesaga sample}
 * writes it). Two images in three are tagged {@code forest/i<n>:v1}; the rest are untagged, so
 * untagged leaves are dangling.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/test.classpath) \
 *   io.imagesaga.ui.ForestArchive forest.tar 10000 50 4</pre>
 */
public final class ForestArchive {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ForestArchive() {}

  public static void main(String[] args) throws IOException {
    Path output = Path.of(args[0]);
    int images = Integer.parseInt(args[1]);
    int roots = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int branching = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
      write(out, images, roots, branching);
    }
    System.out.println("Wrote " + output + ": " + images + " images in " + roots + " trees");
  }

  static void write(OutputStream out, int images, int roots, int branching) throws IOException {
    ArrayNode manifest = JSON.createArrayNode();
    List<List<Digest>> layersOf = new ArrayList<>();
    List<ImageId> ids = new ArrayList<>();
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    for (int i = 0; i < images; i++) {
      int parent = i < roots ? -1 : (i - roots) / branching;
      byte[] layer = layerTar(i);
      List<Digest> diffIds = new ArrayList<>(parent < 0 ? List.of() : layersOf.get(parent));
      diffIds.add(Digest.sha256(layer));
      byte[] config = config(diffIds);
      ImageId id = ImageId.fromConfig(config);
      SampleArchive.put(tar, diffIds.get(diffIds.size() - 1).encoded() + "/layer.tar", layer);
      SampleArchive.put(tar, id.hex() + ".json", config);
      ObjectNode item = manifest.addObject();
      item.put("Config", id.hex() + ".json");
      ArrayNode tags = item.putArray("RepoTags");
      if (i % 3 != 0) {
        tags.add("forest/i" + i + ":v1");
      }
      ArrayNode paths = item.putArray("Layers");
      diffIds.forEach(d -> paths.add(d.encoded() + "/layer.tar"));
      if (parent >= 0) {
        item.put("Parent", ids.get(parent).toString());
      }
      layersOf.add(diffIds);
      ids.add(id);
    }
    SampleArchive.put(tar, "manifest.json", JSON.writeValueAsBytes(manifest));
    tar.finish();
    out.flush();
  }

  private static byte[] config(List<Digest> diffIds) throws IOException {
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", "amd64");
    config.put("os", "linux");
    config.put("created", "2026-01-01T00:00:00Z");
    config.putObject("config").putArray("Cmd").add("sh");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode ids = rootfs.putArray("diff_ids");
    diffIds.forEach(d -> ids.add(d.toString()));
    return JSON.writeValueAsBytes(config);
  }

  private static byte[] layerTar(int i) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      SampleArchive.put(tar, "forest-" + i + ".txt",
          ("image " + i + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
