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
 * @param blob the file holding the layer's content, if it was stored; gone with the layer
 */
public record LayerState(
    int holders, Optional<Digest> parent, Digest diffId, long diffSize, Optional<String> blob)
    implements CborSerializable {

  public LayerState {
    blob = blob == null ? Optional.empty() : blob;
  }

  public static LayerState absent() {
    return new LayerState(0, Optional.empty(), null, 0, Optional.empty());
  }

  @JsonIgnore
  public boolean isPresent() {
    return holders > 0;
  }

  public LayerState apply(LayerEvent event) {
    if (event instanceof Created e) {
      return new LayerState(1, e.parent(), e.diffId(), e.diffSize(),
          e.blob() == null ? Optional.empty() : e.blob());
    } else if (event instanceof HolderAdded) {
      return new LayerState(holders + 1, parent, diffId, diffSize, blob);
    } else if (event instanceof HolderReleased) {
      return new LayerState(holders - 1, parent, diffId, diffSize, blob);
    } else if (event instanceof Removed) {
      return new LayerState(0, parent, diffId, diffSize, Optional.empty());
    }
    throw new IllegalArgumentException("unknown layer event " + event);
  }
}
