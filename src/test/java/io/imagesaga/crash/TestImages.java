package io.imagesaga.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.content.SampleArchive;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.service.ChainIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Generated images for {@code POST /images/load}, modelled on {@code SampleArchive}: every image
 * adds one layer of its own to its parent's, its config is unique (a seed label), and archives
 * use the older {@code docker save} layout with {@code Parent} links, so loads build real parent
 * chains. Everything is derived from seeds, so an image can be rebuilt (for a child's archive).
 */
final class TestImages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestImages() {}

  /**
   * One generated image.
   *
   * @param layerSeeds the seeds of all its layers, bottom first (the parent's, then its own)
   * @param tags the names the archive gives it, familiar ({@code crash3:b12})
   */
  record Image(String seed, ImageId id, Optional<ImageId> parent, List<String> layerSeeds,
      List<Digest> diffIds, List<Digest> chainIds, List<String> tags, byte[] config) {

    /** The same image with no tags, to load it again without re-creating its names. */
    Image untagged() {
      return new Image(seed, id, parent, layerSeeds, diffIds, chainIds, List.of(), config);
    }

    Digest topLayer() {
      return chainIds.get(chainIds.size() - 1);
    }

    @Override
    public String toString() {
      return id.shortId() + (tags.isEmpty() ? "" : tags.toString());
    }
  }

  /** An image on top of {@code parent} (or a base image), with one new layer. */
  static Image image(String seed, Optional<Image> parent, List<String> tags) {
    List<String> layerSeeds = new ArrayList<>(parent.map(Image::layerSeeds).orElse(List.of()));
    layerSeeds.add(seed);
    List<Digest> diffIds = layerSeeds.stream().map(s -> Digest.sha256(layerTar(s))).toList();
    byte[] config = config(seed, diffIds);
    return new Image(seed, ImageId.fromConfig(config), parent.map(Image::id), layerSeeds,
        diffIds, ChainIds.of(diffIds), List.copyOf(tags), config);
  }

  /** The uncompressed tar of the layer made from {@code seed}: one file naming the seed. */
  static byte[] layerTar(String seed) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      SampleArchive.put(tar, "layer-" + seed + ".txt",
          ("layer " + seed + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A {@code docker save} archive of {@code images}, in list order (parents before children).
   * Every layer an item lists is in the archive, also when its parent is not.
   */
  static byte[] archive(List<Image> images) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ArrayNode manifest = JSON.createArrayNode();
    Set<String> written = new HashSet<>();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (Image image : images) {
        SampleArchive.put(tar, image.id().hex() + ".json", image.config());
        ObjectNode item = manifest.addObject();
        item.put("Config", image.id().hex() + ".json");
        ArrayNode tags = item.putArray("RepoTags");
        image.tags().forEach(tags::add);
        ArrayNode layers = item.putArray("Layers");
        for (int i = 0; i < image.layerSeeds().size(); i++) {
          String path = image.diffIds().get(i).encoded() + "/layer.tar";
          layers.add(path);
          if (written.add(path)) {
            SampleArchive.put(tar, path, layerTar(image.layerSeeds().get(i)));
          }
        }
        image.parent().ifPresent(p -> item.put("Parent", p.toString()));
      }
      SampleArchive.put(tar, "manifest.json", JSON.writeValueAsBytes(manifest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] config(String seed, List<Digest> diffIds) {
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", "amd64");
    config.put("os", "linux");
    config.put("created", "2026-01-01T00:00:00Z");
    ObjectNode inner = config.putObject("config");
    inner.putArray("Cmd").add("sh");
    inner.putObject("Labels").put("io.imagesaga.crash.seed", seed);
    ArrayNode history = config.putArray("history");
    for (int i = 0; i < diffIds.size(); i++) {
      history.addObject().put("created", "2026-01-01T00:00:00Z")
          .put("created_by", "COPY layer-" + i + " / # imagesaga crash test");
    }
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode ids = rootfs.putArray("diff_ids");
    diffIds.forEach(d -> ids.add(d.toString()));
    try {
      return JSON.writeValueAsBytes(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
