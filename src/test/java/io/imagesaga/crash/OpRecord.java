package io.imagesaga.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.reference.ImageId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One request a client made, when it started and ended (driver-side {@code nanoTime}), and what
 * the answer said: the {@code Deleted}/{@code Untagged} records, the created container. An op
 * whose answer never came (the node was killed, or the request timed out) has {@code end < 0}.
 */
final class OpRecord {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Kind { RMI_TAG, RMI_ID, TAG, CREATE, START, STOP, RM, PRUNE, PRUNE_ALL, LOAD, INSPECT }

  final int seq;
  final int round;
  final int thread;
  final Kind kind;
  final String request;
  /** The image the op names (every name used here names one image only, forever). */
  final ImageId image;
  /** TAG: the new reference, normalised. CREATE: the container name. */
  final String target;
  final boolean force;
  /** START, STOP, RM: the container. */
  final String container;
  /** LOAD: the images of the archive. */
  final List<TestImages.Image> loaded;
  final long start;

  /** The image name the request used (a tag, or an ID in some form), if any. */
  String name;
  long end = -1;
  int status = -1;
  String body = "";
  String error;
  final List<ImageId> deletedImages = new ArrayList<>();
  final List<String> deletedLayers = new ArrayList<>();
  final List<String> untagged = new ArrayList<>();
  String createdContainer;
  boolean loadFailed;

  OpRecord(int seq, int round, int thread, Kind kind, String request, ImageId image,
      String target, boolean force, String container, List<TestImages.Image> loaded, long start) {
    this.seq = seq;
    this.round = round;
    this.thread = thread;
    this.kind = kind;
    this.request = request;
    this.image = image;
    this.target = target;
    this.force = force;
    this.container = container;
    this.loaded = loaded;
    this.start = start;
  }

  boolean answered() {
    return end >= 0;
  }

  /** A 2xx answer that reports success (a load's stream without an error). */
  boolean acked() {
    return answered() && status >= 200 && status < 300 && !loadFailed;
  }

  /** The op may have changed the node without the client knowing how. */
  boolean uncertain() {
    return !answered() || status >= 500 || loadFailed;
  }

  boolean isDelete() {
    return kind == Kind.RMI_TAG || kind == Kind.RMI_ID || kind == Kind.PRUNE
        || kind == Kind.PRUNE_ALL;
  }

  boolean isPrune() {
    return kind == Kind.PRUNE || kind == Kind.PRUNE_ALL;
  }

  /** Whether {@link #name} is a tag rather than an ID, full, short or prefix. */
  boolean byTag() {
    return name != null && name.contains(":") && !name.startsWith("sha256:");
  }

  /** Whether {@code other} might have happened after this op (started before this one ended). */
  boolean mayFollow(OpRecord other) {
    return !answered() || other.start < end;
  }

  /**
   * No connection could be made: the request never reached the node, so it did nothing. Its
   * status is 0.
   */
  void notDelivered(String reason, long end) {
    this.error = reason;
    this.status = 0;
    this.end = end;
  }

  /** Reads the answer's body: delete records, the container ID, a load stream's error. */
  void answer(int status, String body, World world, long end) {
    this.status = status;
    this.body = body;
    try {
      if (status >= 200 && status < 300) {
        parse(body, world);
      }
    } catch (IOException | RuntimeException e) {
      error = "unparsable answer: " + e;
    }
    this.end = end;
  }

  private void parse(String body, World world) throws IOException {
    if (kind == Kind.RMI_TAG || kind == Kind.RMI_ID) {
      records(JSON.readTree(body), world);
    } else if (isPrune()) {
      records(JSON.readTree(body).path("ImagesDeleted"), world);
    } else if (kind == Kind.CREATE) {
      createdContainer = JSON.readTree(body).path("Id").asText();
    } else if (kind == Kind.LOAD) {
      for (String line : body.split("\n")) {
        if (!line.isBlank() && JSON.readTree(line).has("error")) {
          loadFailed = true;
          error = JSON.readTree(line).path("error").asText();
        }
      }
    }
  }

  private void records(JsonNode items, World world) {
    for (JsonNode item : items) {
      if (item.has("Untagged")) {
        untagged.add(World.normalize(item.path("Untagged").asText()));
      } else if (item.has("Deleted")) {
        String id = item.path("Deleted").asText();
        if (world.isImage(id)) {
          deletedImages.add(ImageId.parse(id));
        } else {
          deletedLayers.add(id);
        }
      }
    }
  }

  /** The objects the op touched, to find the ops a violation is about. */
  boolean concerns(Set<String> subjects) {
    return (image != null && subjects.contains(image.toString()))
        || (target != null && subjects.contains(target))
        || (container != null && subjects.contains(container))
        || (createdContainer != null && subjects.contains(createdContainer))
        || deletedImages.stream().anyMatch(i -> subjects.contains(i.toString()))
        || untagged.stream().anyMatch(subjects::contains)
        || loaded.stream().anyMatch(i -> subjects.contains(i.id().toString())
            || i.parent().map(p -> subjects.contains(p.toString())).orElse(false));
  }

  Optional<String> createdOn() {
    return Optional.ofNullable(createdContainer);
  }

  String describe(long epoch) {
    return describe(epoch, 400);
  }

  /** One line: seq, round, thread, times relative to {@code epoch}, request, answer. */
  String describe(long epoch, int maxBody) {
    String when = String.format("[%8.3f..%s ms]", (start - epoch) / 1e6,
        answered() ? String.format("%8.3f", (end - epoch) / 1e6) : "   (none)");
    String answer = !answered() ? "no answer" + (error == null ? "" : " (" + error + ")")
        : status == 0 ? "not delivered (" + error + ")"
        : status + " " + abbreviate(body.replace("\n", " "), maxBody);
    return "#" + seq + " r" + round + " t" + thread + " " + when + " " + request
        + (image == null ? "" : " {image " + image.shortId() + "}") + " -> " + answer;
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}
