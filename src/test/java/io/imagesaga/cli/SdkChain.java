package io.imagesaga.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.service.ChainIds;
import io.imagesaga.testkit.TestArchives;
import io.imagesaga.testkit.TestArchives.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parent chain saved as {@code docker save} (before v25) writes it: image {@code i} has the
 * layers {@code 0..i}, image {@code i-1} as its {@code Parent}, the label {@code pysdk=<seed>}
 * and one history entry per layer. Everything the tests expect is computed here.
 *
 * @param tags one per image, {@code ""} for an untagged one
 */
record SdkChain(String seed, List<String> tags, byte[] tar, List<ImageId> ids,
    List<Digest> chainIds, List<Long> layerSizes) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static SdkChain of(String seed, String... tags) {
    List<Entry> entries = new ArrayList<>();
    ArrayNode manifest = JSON.createArrayNode();
    List<Digest> diffIds = new ArrayList<>();
    List<String> layerPaths = new ArrayList<>();
    List<ImageId> ids = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (int i = 0; i < tags.length; i++) {
      byte[] layer = TestArchives.layer(seed + "-" + i + ".txt", "layer " + i + " of " + seed);
      diffIds.add(Digest.sha256(layer));
      sizes.add((long) layer.length);
      layerPaths.add(diffIds.get(i).encoded() + "/layer.tar");
      entries.add(Entry.file(layerPaths.get(i), layer));
      byte[] config = config(seed, diffIds);
      ids.add(ImageId.fromConfig(config));
      entries.add(Entry.file(ids.get(i).hex() + ".json", config));
      ObjectNode item = manifest.addObject();
      item.put("Config", ids.get(i).hex() + ".json");
      ArrayNode repoTags = item.putArray("RepoTags");
      if (!tags[i].isEmpty()) {
        repoTags.add(tags[i]);
      }
      layerPaths.forEach(item.putArray("Layers")::add);
      if (i > 0) {
        item.put("Parent", ids.get(i - 1).toString());
      }
    }
    entries.add(Entry.file("manifest.json", manifest.toString()));
    return new SdkChain(seed, List.of(tags), TestArchives.tar(entries), List.copyOf(ids),
        ChainIds.of(diffIds), List.copyOf(sizes));
  }

  /** Image {@code i}'s size: its layers' sizes, the parents' included. */
  long size(int i) {
    return layerSizes.subList(0, i + 1).stream().mapToLong(Long::longValue).sum();
  }

  /** What the history entry of layer {@code i} says created it. */
  String createdBy(int i) {
    return createdBy(seed, i);
  }

  private static String createdBy(String seed, int i) {
    return "COPY " + seed + "-" + i + ".txt / # pysdk";
  }

  private static byte[] config(String seed, List<Digest> diffIds) {
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", "amd64").put("os", "linux")
        .put("created", "2026-01-01T00:00:0" + (diffIds.size() - 1) + "Z");
    config.putObject("config").putObject("Labels").put("pysdk", seed);
    ArrayNode history = config.putArray("history");
    ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
    ArrayNode ids = rootfs.putArray("diff_ids");
    for (int i = 0; i < diffIds.size(); i++) {
      history.addObject().put("created", "2026-01-01T00:00:0" + i + "Z")
          .put("created_by", createdBy(seed, i));
      ids.add(diffIds.get(i).toString());
    }
    return config.toString().getBytes(StandardCharsets.UTF_8);
  }
}
