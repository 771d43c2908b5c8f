package io.imagesaga.container;

import io.imagesaga.CborSerializable;
import io.imagesaga.reference.ImageId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A container's metadata as created: imagesaga runs no processes, it keeps what image deletion
 * and the container listings need.
 *
 * @param image the image name as the client typed it ({@code docker ps} shows it)
 */
public record ContainerSpec(
    String id,
    String name,
    String image,
    ImageId imageId,
    List<String> cmd,
    Map<String, String> labels,
    Instant created)
    implements CborSerializable {

  public ContainerSpec {
    cmd = List.copyOf(cmd);
    labels = Map.copyOf(labels);
  }
}
