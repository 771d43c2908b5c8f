package io.imagesaga.image;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.imagesaga.CborSerializable;
import io.imagesaga.Rejection;

/** Reply of the image's delete-time commands: what it did, or why it refused. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = DeleteOutcome.Done.class, name = "done"),
  @JsonSubTypes.Type(value = DeleteOutcome.Rejected.class, name = "rejected"),
  @JsonSubTypes.Type(value = DeleteOutcome.NotTaken.class, name = "not-taken")
})
public sealed interface DeleteOutcome extends CborSerializable
    permits DeleteOutcome.Done, DeleteOutcome.Rejected, DeleteOutcome.NotTaken {

  record Done(ImageDeleteStep step) implements DeleteOutcome {}

  record Rejected(Rejection rejection) implements DeleteOutcome {}

  /** Reply to a recall: the image changed nothing for saga {@code sagaId}. */
  record NotTaken(String sagaId) implements DeleteOutcome {}
}
