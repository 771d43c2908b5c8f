package io.imagesaga.deletion;

import io.imagesaga.CborSerializable;
import io.imagesaga.Rejection;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.util.Optional;

/**
 * A delete once its name is resolved: everything the saga needs to run, or to run again after
 * a crash, without resolving the name a second time.
 *
 * @param image the image the name resolved to
 * @param untag the reference to remove (default tag applied) when the name was one; empty when
 *     the image is deleted by ID
 * @param input the name as the client typed it, quoted in conflict messages
 * @param expected for a conditional delete, the image the caller expected the name to name
 */
public record DeletePlan(ImageId image, Optional<NamedReference> untag, String input,
    DeleteOptions options, Optional<ImageId> expected) implements CborSerializable {

  /**
   * The answer when the untag found the reference gone: for a conditional delete the name no
   * longer names the expected image, which is a failed precondition.
   */
  Rejection whenReferenceGone(Rejection rejection) {
    if (expected.isPresent() && untag.isPresent() && rejection instanceof Rejection.NotFound) {
      return DeletePlanner.movedAway(input, expected.get());
    }
    return rejection;
  }
}
