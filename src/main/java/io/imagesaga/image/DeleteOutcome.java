package io.imagesaga.image;

import io.imagesaga.CborSerializable;
import io.imagesaga.Rejection;

/** Reply of the image's delete-time commands: what it did, or why it refused. */
public sealed interface DeleteOutcome extends CborSerializable
    permits DeleteOutcome.Done, DeleteOutcome.Rejected {

  record Done(ImageDeleteStep step) implements DeleteOutcome {}

  record Rejected(Rejection rejection) implements DeleteOutcome {}
}
