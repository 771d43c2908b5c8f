package io.imagesaga.image;

import io.imagesaga.CborSerializable;

/** A container whose {@code ImageID} is this image, as the conflict checks see it. */
public record ContainerUse(String containerId, boolean running) implements CborSerializable {

  /** moby's {@code stringid.TruncateID}. */
  public String shortId() {
    return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
  }
}
