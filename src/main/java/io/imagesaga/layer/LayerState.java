package io.imagesaga.layer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.imagesaga.CborSerializable;
import io.imagesaga.layer.LayerEvent.Created;
import io.imagesaga.layer.LayerEvent.HolderAdded;
import io.imagesaga.layer.LayerEvent.HolderReleased;
import io.imagesaga.layer.LayerEvent.Removed;
import io.imagesaga.reference.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One layer of the layer store, ref-counted like moby's {@code layer.Store}: its holders are
 * the images whose top layer it is and the layers whose parent it is. The last release removes
 * it, and the remover then releases its parent.
 *
 * @param diffId null until the layer is first created
 * @param blob the file holding the layer's content, if it was stored; gone with the layer
 * @param steps the last {@value #REMEMBERED_STEPS} acquisitions and releases, by step, oldest
 *     first; kept across removal and re-creation, so a step asked again by a resumed saga or
 *     operation is answered as the first time and never counted twice
 */
public record LayerState(int holders, Optional<Digest> parent, Digest diffId, long diffSize,
    Optional<String> blob, List<Step> steps) implements CborSerializable {

  public static final int REMEMBERED_STEPS = 128;

  /** What a holder's acquisition or release did. */
  public enum Effect {
    CREATED,
    RETAINED,
    KEPT,
    REMOVED
  }

  /** A step taken: its name, its effect, and the blob a removal handed over. */
  public record Step(String step, Effect effect, Optional<String> blob)
      implements CborSerializable {}

  public LayerState {
    blob = blob == null ? Optional.empty() : blob;
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  public static LayerState absent() {
    return new LayerState(0, Optional.empty(), null, 0, Optional.empty(), List.of());
  }

  /** What this layer did for {@code step}, if it still remembers it. */
  public Optional<Step> stepOf(String step) {
    return steps.stream().filter(s -> s.step().equals(step)).findFirst();
  }

  @JsonIgnore
  public boolean isPresent() {
    return holders > 0;
  }

  public LayerState apply(LayerEvent event) {
    if (event instanceof Created e) {
      return new LayerState(1, e.parent(), e.diffId(), e.diffSize(),
          e.blob() == null ? Optional.empty() : e.blob(),
          remember(e.step(), Effect.CREATED, Optional.empty()));
    } else if (event instanceof HolderAdded e) {
      return new LayerState(holders + 1, parent, diffId, diffSize, blob,
          remember(e.step(), Effect.RETAINED, Optional.empty()));
    } else if (event instanceof HolderReleased e) {
      return new LayerState(holders - 1, parent, diffId, diffSize, blob,
          remember(e.step(), Effect.KEPT, Optional.empty()));
    } else if (event instanceof Removed e) {
      return new LayerState(0, parent, diffId, diffSize, Optional.empty(),
          remember(e.step(), Effect.REMOVED, blob));
    }
    throw new IllegalArgumentException("unknown layer event " + event);
  }

  private List<Step> remember(String step, Effect effect, Optional<String> handedOver) {
    if (step == null) {
      return steps;
    }
    List<Step> copy = new ArrayList<>(steps);
    copy.add(new Step(step, effect, handedOver));
    if (copy.size() > REMEMBERED_STEPS) {
      copy.remove(0);
    }
    return copy;
  }
}
