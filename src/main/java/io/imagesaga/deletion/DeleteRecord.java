package io.imagesaga.deletion;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.imagesaga.CborSerializable;

import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;

/** One line of a delete's answer, moby's {@code ImageDeleteResponseItem}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = DeleteRecord.Untagged.class, name = "untagged"),
  @JsonSubTypes.Type(value = DeleteRecord.DeletedImage.class, name = "deleted-image"),
  @JsonSubTypes.Type(value = DeleteRecord.DeletedLayer.class, name = "deleted-layer")
})
public sealed interface DeleteRecord extends CborSerializable {

  /** The text dockerd sends for it: the value of {@code Untagged} or {@code Deleted}. */
  @JsonIgnore
  String value();

  /** The line the docker CLI prints for it. */
  @JsonIgnore
  default String line() {
    return (this instanceof Untagged ? "Untagged: " : "Deleted: ") + value();
  }

  /** A reference removed, in its familiar form ({@code busybox:latest}). */
  record Untagged(String reference) implements DeleteRecord {
    @Override
    public String value() {
      return reference;
    }
  }

  record DeletedImage(ImageId id) implements DeleteRecord {
    @Override
    public String value() {
      return id.toString();
    }
  }

  /** A layer freed by the delete; {@code size} counts towards a prune's reclaimed space. */
  record DeletedLayer(Digest chainId, long size) implements DeleteRecord {
    @Override
    public String value() {
      return chainId.toString();
    }
  }
}
