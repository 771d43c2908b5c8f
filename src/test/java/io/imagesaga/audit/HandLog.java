package io.imagesaga.audit;

import io.imagesaga.container.ContainerEvent;
import io.imagesaga.container.ContainerSpec;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageMetadata;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An audit log written by hand, one record at a time in write order, each stamped with the
 * instant it is given: offsets and each entity's sequence numbers count up by themselves.
 */
final class HandLog {
  private final List<JournalRecord> records = new ArrayList<>();
  private final Map<String, Long> sequenceNrs = new HashMap<>();

  /** An ID of 64 times {@code hexDigit}, so that its short form reads as what it is. */
  static ImageId id(char hexDigit) {
    return ImageId.parse("sha256:" + String.valueOf(hexDigit).repeat(64));
  }

  static NamedReference reference(String familiar) {
    try {
      return References.parseNormalizedNamed(familiar);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(familiar, e);
    }
  }

  HandLog image(ImageId id, Instant written, ImageEvent event) {
    return add("Image|" + id, written, event);
  }

  HandLog registered(ImageId id, Instant created, long size, Instant written) {
    return image(id, written, new ImageEvent.Registered(new ImageMetadata(id, Optional.empty(),
        Optional.empty(), created, "linux", size, Map.of()), "load", Optional.empty(), written));
  }

  HandLog tagged(ImageId id, String familiar, Instant written) {
    return image(id, written, new ImageEvent.ReferenceAdded(reference(familiar), written));
  }

  HandLog deleted(ImageId id, Instant written) {
    return image(id, written, new ImageEvent.Deleted(written));
  }

  /** A container created on {@code image}, typed as {@code typed}, named {@code name}. */
  HandLog created(String containerId, String name, String typed, ImageId image,
      Instant written) {
    return container(containerId, written, new ContainerEvent.Created(new ContainerSpec(
        containerId, name, typed, image, List.of(), Map.of(), written), written));
  }

  HandLog container(String containerId, Instant written, ContainerEvent event) {
    return add("Container|" + containerId, written, event);
  }

  HandLog add(String persistenceId, Instant written, Object event) {
    long sequenceNr = sequenceNrs.merge(persistenceId, 1L, Long::sum);
    records.add(new JournalRecord(records.size() + 1, persistenceId, sequenceNr, written, event));
    return this;
  }

  List<JournalRecord> records() {
    return List.copyOf(records);
  }

  /** Every record applied, in order. */
  JournalState state() {
    JournalState state = new JournalState();
    records.forEach(state::apply);
    return state;
  }
}
