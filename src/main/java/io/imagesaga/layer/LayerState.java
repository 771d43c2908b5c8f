package io.imagesaga.layer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.imagesaga.CborSerializable;
import io.imagesaga.layer.LayerEvent.Created;
import io.imagesaga.layer.LayerEvent.HolderAdded;
import io.imagesaga.layer.LayerEvent.HolderReleased;
import io.imagesaga.layer.LayerEvent.Removed;
import io.imagesaga.reference.Digest;
import java.util.Optional;

/**
 * One layer of the layer store, ref-counted like moby's {@code layer.Store}: its holders are
 * the images whose top layer it is and the layers whose parent it is. The last release removes
 * it, and the remover then releases its parent.
 *
 * @param diffId null until the layer is first created
 */
public record LayerState(
    int holders, Optional<Digest> parent, Digest diffId, long diffSize)
    implements CborSerializable {

  public static LayerState absent() {
    return new LayerState(0, Optional.empty(), null, 0);
  }

  @JsonIgnore
  public boolean isPresent() {
    return holders > 0;
  }

  public LayerState apply(LayerEvent event) {
    if (event instanceof Created e) {
      return new LayerState(1, e.parent(), e.diffId(), e.diffSize());
    } else if (event instanceof HolderAdded) {
      return new LayerState(holders + 1, parent, diffId, diffSize);
    } else if (event instanceof HolderReleased) {
      return new LayerState(holders - 1, parent, diffId, diffSize);
    } else if (event instanceof Removed) {
      return new LayerState(0, parent, diffId, diffSize);
    }
    throw new IllegalArgumentException("unknown layer event " + event);
  }
}
