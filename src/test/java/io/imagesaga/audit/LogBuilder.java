package io.imagesaga.audit;

import io.imagesaga.Provenance;
import io.imagesaga.container.ContainerEvent;
import io.imagesaga.container.ContainerSpec;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageMetadata;
import io.imagesaga.layer.Holder;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.operation.OperationPlan;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.repository.RepositoryEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-written audit logs for replay tests: records with consecutive offsets, one second apart. */
final class LogBuilder {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final List<JournalRecord> records = new ArrayList<>();
  private final Map<String, Long> sequenceNrs = new HashMap<>();

  static ImageId id(String seed) {
    return ImageId.of(Digest.sha256(seed.getBytes(StandardCharsets.UTF_8)));
  }

  static Digest layer(String seed) {
    return Digest.sha256(("layer-" + seed).getBytes(StandardCharsets.UTF_8));
  }

  static NamedReference ref(String name) {
    try {
      return References.parseNormalizedNamed(name);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  LogBuilder add(String persistenceId, Object event) {
    long offset = records.size() + 1;
    long seqNr = sequenceNrs.merge(persistenceId, 1L, Long::sum);
    records.add(new JournalRecord(offset, persistenceId, seqNr, T0.plusSeconds(offset), event));
    return this;
  }

  /** An image with its top layer and tags, registered by an operation as a load does. */
  LogBuilder image(String seed, Optional<ImageId> parent, String... tags) {
    ImageId id = id(seed);
    operationStarted("load-" + seed);
    add("Image|" + id, new ImageEvent.Registered(new ImageMetadata(id, parent,
        Optional.of(layer(seed)), T0, "linux", 1000, Map.of()), "op", Optional.empty(), T0));
    add("Layer|" + layer(seed), new LayerEvent.Created(Optional.empty(), layer(seed), 1000,
        Optional.empty(), "op/" + id, T0, Holder.image(id, "op")));
    parent.ifPresent(p -> add("Image|" + p, new ImageEvent.ChildAdded(id, 1, T0)));
    for (String tag : tags) {
      add("Image|" + id, new ImageEvent.ReferenceAdded(ref(tag), T0));
      add("Repository|" + ref(tag).repository().name(), new RepositoryEvent.ReferenceSet(
          ref(tag), id, Optional.empty(), "op", T0, true));
    }
    return operationCompleted("load-" + seed);
  }

  LogBuilder runningContainer(String containerId, ImageId image) {
    operationStarted("run-" + containerId);
    add("Image|" + image, new ImageEvent.ContainerAttached(containerId, T0));
    add("Container|" + containerId, new ContainerEvent.Created(new ContainerSpec(containerId,
        "c-" + containerId, image.toString(), image, List.of(), Map.of(), T0), T0));
    add("Container|" + containerId, new ContainerEvent.Started(T0));
    return operationCompleted("run-" + containerId);
  }

  LogBuilder operationStarted(String id) {
    return add("Operation|" + id, new OperationEvent.Started(new OperationPlan.SetReference(
        ref("x:1"), id("x")), Provenance.node("test"), T0));
  }

  LogBuilder operationCompleted(String id) {
    return add("Operation|" + id, new OperationEvent.Completed(T0));
  }

  List<JournalRecord> records() {
    return List.copyOf(records);
  }
}
