package io.imagesaga.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.service.ImageService.ImageDetails;
import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code ImageInspect} (API 1.47) from the stored config and the image's entity state. */
final class ImageInspectView {
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private ImageInspectView() {}

  static ObjectNode of(ImageDetails details) {
    ImageState image = details.image();
    JsonNode config = read(details.config());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("Id", image.id().toString());
    var tags = body.putArray("RepoTags");
    var digests = body.putArray("RepoDigests");
    for (NamedReference ref : image.references()) {
      (ref.isCanonical() ? digests : tags).add(ref.familiarString());
    }
    body.put("Parent", image.metadata().parent().map(Object::toString).orElse(""));
    body.put("Comment", config.path("comment").asText(""));
    body.put("Created", config.path("created").asText(ZERO_TIME));
    body.put("DockerVersion", config.path("docker_version").asText(""));
    body.put("Author", config.path("author").asText(""));
    body.set("Config", config.path("config").isObject() ? config.get("config")
        : Json.MAPPER.createObjectNode());
    body.put("Architecture", config.path("architecture").asText(""));
    if (config.hasNonNull("variant")) {
      body.put("Variant", config.get("variant").asText());
    }
    body.put("Os", config.path("os").asText(""));
    body.put("Size", image.metadata().size());
    ObjectNode driver = body.putObject("GraphDriver");
    driver.put("Name", "imagesaga");
    driver.putNull("Data");
    ObjectNode rootfs = body.putObject("RootFS");
    rootfs.put("Type", "layers");
    var layers = rootfs.putArray("Layers");
    config.path("rootfs").path("diff_ids").forEach(layers::add);
    body.putObject("Metadata").put("LastTagTime", ZERO_TIME);
    return body;
  }

  private static JsonNode read(byte[] config) {
    try {
      return Json.MAPPER.readTree(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
