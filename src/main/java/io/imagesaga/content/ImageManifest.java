package io.imagesaga.content;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What an image manifest (schema2 or OCI) names: its config and its layers, bottom first. A
 * manifest of more than {@code max-layers} layers is refused as it is read, before anything it
 * names is fetched: each layer costs a request, a staged file and a journaled layer, and a
 * manifest of a few MiB can list tens of thousands.
 */
public record ImageManifest(Descriptor config, List<Descriptor> layers) {

  public ImageManifest {
    layers = List.copyOf(layers);
  }

  /** The descriptors of {@code manifest}, failing on the first that is not valid. */
  static ImageManifest of(JsonNode manifest, int maxLayers) throws RegistryException {
    JsonNode layers = manifest.path("layers");
    if (!layers.isMissingNode() && !layers.isArray()) {
      throw new RegistryException("registry sent a manifest whose layers are no list");
    }
    if (layers.size() > maxLayers) {
      throw new RegistryException("manifest has " + layers.size() + " layers, more than "
          + maxLayers + " (" + RegistrySettings.name("max-layers") + ")");
    }
    Descriptor config = Descriptor.of(manifest.path("config"), "config");
    List<Descriptor> descriptors = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      descriptors.add(Descriptor.of(layers.get(i), "layer " + i));
    }
    return new ImageManifest(config, descriptors);
  }

  /** The config and the layers: every blob the image takes to fetch. */
  List<Descriptor> blobs() {
    List<Descriptor> blobs = new ArrayList<>(layers);
    blobs.add(0, config);
    return blobs;
  }
}
