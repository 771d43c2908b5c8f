package io.imagesaga.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.reference.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

/**
 * What {@link HostileRegistry} serves: one genuine image (config, gzipped layer, schema2
 * manifest), and the manifests and blobs of its lies, each built around that image's layer.
 */
final class HostileImages {
  private static final ObjectMapper JSON = new ObjectMapper();

  final byte[] layer;
  final byte[] config;
  final byte[] manifest;
  /** A blob that hashes to its digest but is no JSON; {@link #notJsonManifest}'s config. */
  final byte[] notJson = "this is no image config".getBytes(StandardCharsets.UTF_8);
  final byte[] notJsonManifest;
  /** The genuine manifest but for its layer's size, which no disk could hold. */
  final byte[] vastManifest;
  /** A config, and its manifest, of {@code manyLayers} copies of the genuine layer. */
  final byte[] manyConfig;
  final byte[] manyManifest;

  HostileImages(long vastSize, int manyLayers) throws IOException {
    byte[] layerTar = TestRegistry.tar("hostile.txt", "served by a hostile registry\n");
    layer = TestRegistry.gzip(layerTar);
    Digest diffId = Digest.sha256(layerTar);
    config = config(1, diffId);
    manifest = manifest(config, 1, layer.length);
    notJsonManifest = manifest(notJson, 1, layer.length);
    vastManifest = manifest(config, 1, vastSize);
    manyConfig = config(manyLayers, diffId);
    manyManifest = manifest(manyConfig, manyLayers, layer.length);
  }

  /** The blob whose digest is {@code digest}, or null. */
  byte[] blob(String digest) {
    for (byte[] blob : new byte[][] {config, layer, notJson, manyConfig}) {
      if (Digest.sha256(blob).toString().equals(digest)) {
        return blob;
      }
    }
    return null;
  }

  private static byte[] config(int layers, Digest diffId) {
    return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":"
        + "\"2026-03-01T00:00:00Z\",\"config\":{\"Labels\":{\"from\":\"hostile\"}},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
        + String.join(",", Collections.nCopies(layers, "\"" + diffId + "\"")) + "]}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A schema2 manifest of {@code config} and {@code copies} of the layer, each of {@code size}. */
  private byte[] manifest(byte[] config, int copies, long size) throws IOException {
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", "application/vnd.docker.distribution.manifest.v2+json");
    m.putObject("config").put("digest", Digest.sha256(config).toString())
        .put("size", config.length)
        .put("mediaType", "application/vnd.docker.container.image.v1+json");
    ArrayNode layers = m.putArray("layers");
    for (int i = 0; i < copies; i++) {
      layers.addObject().put("digest", Digest.sha256(layer).toString()).put("size", size)
          .put("mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip");
    }
    return JSON.writeValueAsBytes(m);
  }

  static byte[] index(Digest entry, int size) throws IOException {
    ObjectNode i = JSON.createObjectNode();
    i.put("schemaVersion", 2);
    i.put("mediaType", "application/vnd.oci.image.index.v1+json");
    i.putArray("manifests").addObject().put("digest", entry.toString()).put("size", size)
        .put("mediaType", "application/vnd.docker.distribution.manifest.v2+json")
        .putObject("platform").put("os", "linux").put("architecture", "amd64");
    return JSON.writeValueAsBytes(i);
  }
}
