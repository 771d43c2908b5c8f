package io.imagesaga.operation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.imagesaga.CborSerializable;
import io.imagesaga.container.ContainerSpec;
import io.imagesaga.image.ImageMetadata;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.util.List;
import java.util.Optional;

/**
 * A change that spans several entities, journaled before its first step so that a crash can
 * never leave it half done: after a restart it is carried through to its end.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = OperationPlan.SetReference.class, name = "set-reference"),
  @JsonSubTypes.Type(value = OperationPlan.RegisterImage.class, name = "register-image"),
  @JsonSubTypes.Type(value = OperationPlan.CreateContainer.class, name = "create-container"),
  @JsonSubTypes.Type(value = OperationPlan.RemoveContainer.class, name = "remove-container"),
  @JsonSubTypes.Type(value = OperationPlan.RunContainer.class, name = "run-container")
})
public sealed interface OperationPlan extends CborSerializable {

  /** {@code docker tag}, or a pull recording a tag or digest: the reference names the image. */
  record SetReference(NamedReference reference, ImageId image) implements OperationPlan {}

  /**
   * {@code docker load} or {@code pull} of one image: it becomes its parent's child, exists, holds
   * its layers (top first, each new layer holding its parent layer) and gets its references.
   *
   * @param layers bottom first; with a parent, the parent's layers come first
   * @param lease the import's hold on the image, taken as it is registered (or, if it was
   *     present, right after) and left to the import to end
   */
  record RegisterImage(ImageMetadata metadata, List<PlannedLayer> layers,
      List<NamedReference> references, Optional<ImageState.Lease> lease)
      implements OperationPlan {

    public RegisterImage {
      layers = List.copyOf(layers);
      references = List.copyOf(references);
    }
  }

  /** {@code docker create}: the image learns of the container first, then it exists. */
  record CreateContainer(ContainerSpec spec) implements OperationPlan {}

  /** {@code docker rm}: the container goes, then its image forgets it. */
  record RemoveContainer(String containerId, ImageId image, boolean force)
      implements OperationPlan {}

  /**
   * {@code docker start} ({@code running}) or {@code docker stop}: the image hears of a start
   * before it happens and of a stop after it happened, so it never thinks a running container
   * stopped; carried through, the two always end agreeing.
   *
   * @param basedOn the container's generation when the start or stop was decided; it applies
   *     at that generation only (see {@code ContainerCommand.Start}). Empty in plans journaled
   *     before starts and stops were ordered.
   */
  record RunContainer(String containerId, ImageId image, boolean running,
      Optional<Long> basedOn) implements OperationPlan {

    public RunContainer {
      basedOn = basedOn == null ? Optional.empty() : basedOn;
    }
  }

  /**
   * One layer of a registration.
   *
   * @param blob the layer's content, staged in the blob store, when it was delivered
   */
  record PlannedLayer(Digest chainId, Digest diffId, long size, Optional<String> blob)
      implements CborSerializable {}
}
