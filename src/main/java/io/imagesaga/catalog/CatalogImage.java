package io.imagesaga.catalog;

import io.imagesaga.image.ContainerUse;
import io.imagesaga.image.ImageMetadata;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A present image as the read side keeps it: what listings, {@code docker info} and the fleet
 * show, and its import leases (a start ends those a stop left), but nothing of what only the
 * entity decides with (saga steps, child generations, the top layer). Compact, as the catalog holds one per image: the IDs as
 * {@link CompactId}s (the parent's shared with the parent's own entry when the catalog holds
 * it), the repository names shared between references, and no collection for what is empty.
 */
public final class CatalogImage {
  private final CompactId key;
  private final CompactId parent;
  private final long createdSecond;
  private final int createdNano;
  private final int children;
  private final long size;
  private final Map<String, String> labels;
  private final List<NamedReference> references;
  private final List<ContainerUse> containers;
  private final List<ImageState.Lease> leases;

  CatalogImage(CompactId key, CompactId parent, ImageState state,
      List<NamedReference> references) {
    ImageMetadata metadata = state.metadata();
    this.key = key;
    this.parent = parent;
    this.createdSecond = metadata.created().getEpochSecond();
    this.createdNano = metadata.created().getNano();
    this.children = state.children().size();
    this.size = metadata.size();
    this.labels = metadata.labels();
    this.references = references;
    this.containers = state.containers();
    this.leases = state.leases();
  }

  /** {@code state}, a present image, sharing nothing with other entries. */
  public static CatalogImage of(ImageState state) {
    return new CatalogImage(CompactId.of(state.id()),
        state.metadata().parent().map(CompactId::of).orElse(null), state,
        List.copyOf(state.references()));
  }

  CompactId key() {
    return key;
  }

  public ImageId id() {
    return key.toImageId();
  }

  /** {@code id().toString()}, cheaper: listings write one per image. */
  public String idString() {
    return key.digest();
  }

  /** {@code idString()}'s length: the room {@link #writeId} needs. */
  public static final int ID_LENGTH = CompactId.DIGEST_LENGTH;

  /**
   * Writes {@link #idString()} as ASCII into {@code to} at {@code at}, which has room for
   * {@link #ID_LENGTH} bytes; returns the index after it. A listing writes one per image.
   */
  public int writeId(byte[] to, int at) {
    return key.writeDigest(to, at);
  }

  /** {@link #writeId} of the parent's ID; writes nothing and returns {@code at} without one. */
  public int writeParentId(byte[] to, int at) {
    return parent == null ? at : parent.writeDigest(to, at);
  }

  /** {@code parent().map(Object::toString).orElse("")}, cheaper. */
  public String parentString() {
    return parent == null ? "" : parent.digest();
  }

  public Optional<ImageId> parent() {
    return parent == null ? Optional.empty() : Optional.of(parent.toImageId());
  }

  public Instant created() {
    return Instant.ofEpochSecond(createdSecond, createdNano);
  }

  /** {@code created().getEpochSecond()}, without an {@link Instant}. */
  public long createdSecond() {
    return createdSecond;
  }

  int createdNano() {
    return createdNano;
  }

  /** Sum of the diff sizes of all its layers, as {@code docker images} reports it. */
  public long size() {
    return size;
  }

  public Map<String, String> labels() {
    return labels;
  }

  /** Tags and digests pointing here, in the order of moby's reference store. */
  public List<NamedReference> references() {
    return references;
  }

  /** moby's {@code imageIsDangling}: no references and no children. */
  public boolean isDangling() {
    return references.isEmpty() && children == 0;
  }

  public boolean hasChildren() {
    return children > 0;
  }

  /** Imports holding this image, expired or not. */
  public List<ImageState.Lease> leases() {
    return leases;
  }

  /** Containers using this image, in creation order. */
  public List<ContainerUse> containers() {
    return containers;
  }
}
