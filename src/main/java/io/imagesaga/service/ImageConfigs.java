package io.imagesaga.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.reference.Digest;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what the catalog needs from an image config (the OCI / Docker image JSON). */
final class ImageConfigs {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Summary(Instant created, String os, Map<String, String> labels, List<String> diffIds) {}

  private ImageConfigs() {}

  static Summary read(byte[] config) {
    JsonNode root;
    try {
      root = JSON.readTree(config);
    } catch (IOException e) {
      throw invalid("invalid image config: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw invalid("invalid image config: not a JSON object");
    }
    return new Summary(created(root), root.path("os").asText("linux"), labels(root),
        diffIds(root));
  }

  private static Instant created(JsonNode root) {
    String created = root.path("created").asText("");
    if (created.isEmpty()) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(created);
    } catch (DateTimeParseException e) {
      throw invalid("invalid image config: bad created time " + created);
    }
  }

  private static Map<String, String> labels(JsonNode root) {
    Map<String, String> labels = new LinkedHashMap<>();
    root.path("config").path("Labels").fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  private static List<String> diffIds(JsonNode root) {
    List<String> ids = new ArrayList<>();
    root.path("rootfs").path("diff_ids").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  static void checkLayers(Summary summary, List<Digest> diffIds) {
    List<String> given = diffIds.stream().map(Digest::toString).toList();
    if (!summary.diffIds().isEmpty() && !summary.diffIds().equals(given)) {
      throw invalid("layers do not match the image config's rootfs.diff_ids");
    }
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
