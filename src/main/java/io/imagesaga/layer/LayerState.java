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
 * @param releases the last {@value #REMEMBERED_STEPS} releases, by saga step, oldest first; kept
 *     across removal and re-creation, so a resumed saga's release is never counted twice
 */
public record LayerState(int holders, Optional<Digest> parent, Digest diffId, long diffSize,
    Optional<String> blob, List<StepRelease> releases) implements CborSerializable {

  public static final int REMEMBERED_STEPS = 32;

  /**
   * A release done for a saga step: whether it removed the layer, and the blob it handed over.
   */
  public record StepRelease(String step, boolean removed, Optional<String> blob)
      implements CborSerializable {}

  public LayerState {
    blob = blob == null ? Optional.empty() : blob;
    releases = releases == null ? List.of() : List.copyOf(releases);
  }

  public static LayerState absent() {
    return new LayerState(0, Optional.empty(), null, 0, Optional.empty(), List.of());
  }

  /** The release this layer did for {@code step}, if it still remembers it. */
  public Optional<StepRelease> releaseOf(String step) {
    return releases.stream().filter(r -> r.step().equals(step)).findFirst();
  }

  @JsonIgnore
  public boolean isPresent() {
    return holders > 0;
  }

  public LayerState apply(LayerEvent event) {
    if (event instanceof Created e) {
      return new LayerState(1, e.parent(), e.diffId(), e.diffSize(),
          e.blob() == null ? Optional.empty() : e.blob(), releases);
    } else if (event instanceof HolderAdded) {
      return new LayerState(holders + 1, parent, diffId, diffSize, blob, releases);
    } else if (event instanceof HolderReleased e) {
      return new LayerState(holders - 1, parent, diffId, diffSize, blob,
          remember(new StepRelease(e.step(), false, Optional.empty())));
    } else if (event instanceof Removed e) {
      return new LayerState(0, parent, diffId, diffSize, Optional.empty(),
          remember(new StepRelease(e.step(), true, blob)));
    }
    throw new IllegalArgumentException("unknown layer event " + event);
  }

  private List<StepRelease> remember(StepRelease release) {
    if (release.step() == null) {
      return releases;
    }
    List<StepRelease> copy = new ArrayList<>(releases);
    copy.add(release);
    if (copy.size() > REMEMBERED_STEPS) {
      copy.remove(0);
    }
    return copy;
  }
}
