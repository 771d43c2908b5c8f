package io.imagesaga.layer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.imagesaga.CborSerializable;
import io.imagesaga.StepMemory;
import io.imagesaga.layer.LayerEvent.Created;
import io.imagesaga.layer.LayerEvent.HolderAdded;
import io.imagesaga.layer.LayerEvent.HolderReleased;
import io.imagesaga.layer.LayerEvent.Removed;
import io.imagesaga.layer.LayerEvent.StepsForgotten;
import io.imagesaga.reference.Digest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pcollections.HashTreePSet;
import org.pcollections.PSet;

/**
 * One layer of the layer store, held like moby's {@code layer.Store} counts references: its
 * holders are the images whose top layer it is and the layers whose parent it is, each held
 * once ({@link Holder}). The last release removes it, and the remover then releases its parent.
 *
 * @param incarnation how many times the layer was created: 0 until it first is; a layer
 *     removed and created again is a new incarnation, a new holder of its parent
 * @param creator the holder whose acquisition created this incarnation; null while absent
 * @param diffId null until the layer is first created
 * @param blob the file holding the layer's content, if it was stored; gone with the layer
 * @param steps the removals this layer made for sagas that have not ended ({@link StepMemory}),
 *     oldest first, kept across re-creation: a saga releasing again is told of the incarnation
 *     its release removed (its blob, and the parent to release in turn), not of the layer now.
 *     Other steps need no memory: asked again, the holder set answers them as the first time (a
 *     holder is not added twice, one gone is not released twice, its creator is told it
 *     created). Steps journaled before holders had incarnations are all remembered, as legacy.
 */
public record LayerState(long incarnation, Set<Holder> holders, Holder creator,
    Optional<Digest> parent, Digest diffId, long diffSize, Optional<String> blob,
    List<Step> steps) implements CborSerializable {

  /** What a holder's acquisition or release did. */
  public enum Effect {
    CREATED,
    RETAINED,
    KEPT,
    REMOVED
  }

  /**
   * A step taken: its name, its effect, the incarnation it acted on, and the blob a removal
   * handed over.
   *
   * @param untilForgotten false for steps journaled before sagas said to forget them
   */
  public record Step(String step, Effect effect, long incarnation, Optional<String> blob,
      boolean untilForgotten) implements CborSerializable {}

  /**
   * {@code holders} is kept persistent, so that a layer under thousands of images takes or drops
   * one in O(log n). A snapshot of an earlier build, which counted holders instead of naming them,
   * does not read ({@code holders} was a number): the layer then recovers from its events, which
   * are all kept.
   */
  public LayerState {
    holders = holders instanceof PSet<Holder> persistent ? persistent
        : HashTreePSet.from(holders);
    parent = parent == null ? Optional.empty() : parent;
    blob = blob == null ? Optional.empty() : blob;
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  public static LayerState absent() {
    return new LayerState(0, HashTreePSet.empty(), null, Optional.empty(), null, 0,
        Optional.empty(), List.of());
  }

  /** What this layer did for {@code step}, if it still remembers it. */
  public Optional<Step> stepOf(String step) {
    return steps.stream().filter(s -> s.step().equals(step)).findFirst();
  }

  /** The holder this layer has that is {@code holder} (see {@link Holder#matches}). */
  public Optional<Holder> held(Holder holder) {
    if (holders.contains(holder)) {
      return Optional.of(holder);
    } else if (holder.incarnation() != null) {
      Holder byId = new Holder(holder.id(), null);
      return holders.contains(byId) ? Optional.of(byId) : Optional.empty();
    }
    return holders.stream().filter(holder::matches).findFirst();
  }

  /** Whether this layer remembers a step of saga {@code sagaId}. */
  public boolean remembers(String sagaId) {
    return steps.stream().anyMatch(s -> StepMemory.belongsTo(s.step(), sagaId));
  }

  @JsonIgnore
  public boolean isPresent() {
    return !holders.isEmpty();
  }

  public LayerState apply(LayerEvent event) {
    if (event instanceof Created e) {
      Holder holder = LayerEvent.holder(e.step(), e.holder());
      return new LayerState(incarnation + 1, HashTreePSet.singleton(holder), holder, e.parent(),
          e.diffId(), e.diffSize(), e.blob(),
          remember(e.step(), e.holder(), Effect.CREATED, incarnation + 1, Optional.empty()));
    } else if (event instanceof HolderAdded e) {
      return with(persistent().plus(LayerEvent.holder(e.step(), e.holder())),
          remember(e.step(), e.holder(), Effect.RETAINED, incarnation, Optional.empty()));
    } else if (event instanceof HolderReleased e) {
      PSet<Holder> next = held(LayerEvent.holder(e.step(), e.holder()))
          .map(persistent()::minus).orElse(persistent());
      return with(next,
          remember(e.step(), e.holder(), Effect.KEPT, incarnation, Optional.empty()));
    } else if (event instanceof Removed e) {
      return new LayerState(incarnation, HashTreePSet.empty(), null, parent, diffId, diffSize,
          Optional.empty(), remember(e.step(), e.holder(), Effect.REMOVED, incarnation, blob));
    } else if (event instanceof StepsForgotten e) {
      return with(holders,
          StepMemory.forget(steps, s -> StepMemory.belongsTo(s.step(), e.sagaId())));
    }
    throw new IllegalArgumentException("unknown layer event " + event);
  }

  private PSet<Holder> persistent() {
    return (PSet<Holder>) holders;
  }

  private LayerState with(Set<Holder> nextHolders, List<Step> nextSteps) {
    return new LayerState(incarnation, nextHolders, creator, parent, diffId, diffSize, blob,
        nextSteps);
  }

  /** An event journaled without a holder is a legacy step ({@link StepMemory}). */
  private List<Step> remember(String step, Holder holder, Effect effect, long acted,
      Optional<String> handedOver) {
    if (step == null || holder != null && effect != Effect.REMOVED) {
      return steps;
    }
    return StepMemory.remember(steps, new Step(step, effect, acted, handedOver, holder != null),
        s -> !s.untilForgotten());
  }
}
