package io.imagesaga.image;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.imagesaga.CborSerializable;
import io.imagesaga.StepMemory;
import io.imagesaga.image.ImageEvent.ChildAdded;
import io.imagesaga.image.ImageEvent.ChildRemoved;
import io.imagesaga.image.ImageEvent.ContainerAttached;
import io.imagesaga.image.ImageEvent.ContainerDetached;
import io.imagesaga.image.ImageEvent.ContainerStateChanged;
import io.imagesaga.image.ImageEvent.Deleted;
import io.imagesaga.image.ImageEvent.ReferenceAdded;
import io.imagesaga.image.ImageEvent.ReferenceRemoved;
import io.imagesaga.image.ImageEvent.Registered;
import io.imagesaga.image.ImageEvent.Untagged;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Everything one image knows about itself, immutable: {@link #apply} returns a new state.
 *
 * <p>An image is ABSENT until first registered, PRESENT while it exists and DELETED after an
 * {@code rmi}; a deleted image can be registered again (a second {@code docker load}). The
 * containers using an image survive its deletion, as with dockerd, where a container keeps the
 * {@code ImageID} of an image removed with {@code rmi -f}: they use it again if it comes back.
 *
 * @param metadata null while ABSENT
 * @param references tags and digests pointing here, sorted by their full normalised string (the
 *     order of moby's {@code referenceStore.References})
 * @param containers containers using this image, in creation order ("the first container" of
 *     every conflict message is the earliest-created one)
 * @param registeredBy the operation that registered the image last, so that it can tell its own
 *     registration from one that was there before it, when it runs again after a crash
 * @param leases imports (loads, pulls) in progress that write this image or a child of it;
 *     deleting it is a hard conflict until they end or their lease expires
 * @param sagaSteps the outcomes of the delete steps that changed this image for sagas that have
 *     not ended (see {@link StepMemory}), oldest first: a step a saga asks again is answered with
 *     its first outcome instead of being applied twice
 * @param generation how many times this image was registered or deleted: each incarnation has
 *     its own, and the messages about an image's place under its parent carry it, so that the
 *     parent tells a late message about an earlier incarnation from one about the current one
 *     (docs/design.md, "Parents and children")
 * @param childGenerations per child ever added or removed, the latest generation of it this
 *     image applied: a message about an older one changes nothing
 */
public record ImageState(
    Lifecycle lifecycle,
    ImageMetadata metadata,
    SortedSet<NamedReference> references,
    Set<ImageId> children,
    List<ContainerUse> containers,
    String registeredBy,
    List<Lease> leases,
    List<TakenStep> sagaSteps,
    long generation,
    Map<ImageId, Long> childGenerations)
    implements CborSerializable {

  /** An import's hold on this image, until it ends or {@code expires}. */
  public record Lease(String holder, Instant expires) implements CborSerializable {}

  /**
   * A delete step this image took for a saga, and what it answered.
   *
   * @param untilForgotten as in {@link ImageEvent.StepTaken}
   */
  public record TakenStep(String sagaId, DeleteOutcome outcome, boolean untilForgotten)
      implements CborSerializable {}

  public enum Lifecycle {
    ABSENT,
    PRESENT,
    DELETED
  }

  public ImageState {
    references = Collections.unmodifiableSortedSet(new TreeSet<>(references));
    children = Set.copyOf(children);
    containers = List.copyOf(containers);
    leases = leases == null ? List.of() : List.copyOf(leases);
    sagaSteps = sagaSteps == null ? List.of() : List.copyOf(sagaSteps);
    childGenerations = childGenerations == null ? Map.of() : Map.copyOf(childGenerations);
  }

  /** Whether an import holds this image at {@code now}. */
  public boolean isLeased(Instant now) {
    return leases.stream().anyMatch(lease -> lease.expires().isAfter(now));
  }

  public static ImageState absent() {
    return new ImageState(Lifecycle.ABSENT, null, new TreeSet<>(), Set.of(), List.of(), null,
        List.of(), List.of(), 0, Map.of());
  }

  /**
   * Whether {@code child}'s incarnation at {@code generation} is newer than anything this image
   * applied about that child: only then does adding it change the image.
   */
  public boolean adopts(ImageId child, long generation) {
    return generation > childGenerations.getOrDefault(child, -1L);
  }

  /**
   * Whether removing {@code child}'s incarnations up to {@code generation} changes this image:
   * the child listed is one of them, or the child is not listed and a late add of one of them
   * must be refused. Generation 0 (a step journaled before generations) removes a listed child.
   */
  public boolean releases(ImageId child, long generation) {
    long known = childGenerations.getOrDefault(child, 0L);
    if (children.contains(child)) {
      return generation == 0 || known <= generation;
    }
    return generation > known;
  }

  /** Whether this image remembers a step of saga {@code sagaId}. */
  public boolean remembers(String sagaId) {
    return sagaSteps.stream().anyMatch(step -> StepMemory.belongsTo(step.sagaId(), sagaId));
  }

  /** What this image answered when saga {@code sagaId} last asked it to change. */
  public Optional<DeleteOutcome> outcomeOf(String sagaId) {
    return sagaSteps.stream().filter(step -> step.sagaId().equals(sagaId))
        .map(TakenStep::outcome).findFirst();
  }

  @JsonIgnore
  public boolean isPresent() {
    return lifecycle == Lifecycle.PRESENT;
  }

  public ImageId id() {
    return metadata.id();
  }

  /** moby {@code imageIsDangling}: no references and no children. */
  @JsonIgnore
  public boolean isDangling() {
    return references.isEmpty() && children.isEmpty();
  }

  public Optional<ContainerUse> firstContainer(boolean runningOnly) {
    return containers.stream().filter(c -> !runningOnly || c.running()).findFirst();
  }

  public Optional<ContainerUse> firstStoppedContainer() {
    return containers.stream().filter(c -> !c.running()).findFirst();
  }

  public ImageState apply(ImageEvent event) {
    if (event instanceof Registered e) {
      return new ImageState(
          Lifecycle.PRESENT, e.metadata(), new TreeSet<>(), Set.of(), containers,
          e.operationId(), e.lease() == null ? List.of() : e.lease().stream().toList(),
          sagaSteps, generation + 1, childGenerations);
    } else if (event instanceof ReferenceAdded e) {
      return withReferences(refs -> refs.add(e.reference()));
    } else if (event instanceof ReferenceRemoved e) {
      return withReferences(refs -> refs.remove(e.reference()));
    } else if (event instanceof Untagged e) {
      return withReferences(refs -> refs.removeAll(ImageEvent.referencesOf(e)));
    } else if (event instanceof Deleted) {
      return new ImageState(
          Lifecycle.DELETED, metadata, new TreeSet<>(), Set.of(), containers, registeredBy,
          leases, sagaSteps, generation + 1, childGenerations);
    } else if (event instanceof ChildAdded e) {
      return withChild(e.child(), e.generation(), set -> set.add(e.child()));
    } else if (event instanceof ChildRemoved e) {
      return withChild(e.child(), e.generation(), set -> set.remove(e.child()));
    } else if (event instanceof ContainerAttached e) {
      return withContainers(list -> list.add(new ContainerUse(e.containerId(), false)));
    } else if (event instanceof ContainerStateChanged e) {
      return withContainers(list -> list.replaceAll(c -> c.containerId().equals(e.containerId())
          ? new ContainerUse(c.containerId(), e.running()) : c));
    } else if (event instanceof ImageEvent.Announced) {
      return this;
    } else if (event instanceof ImageEvent.Leased e) {
      return withLeases(list -> {
        list.removeIf(l -> l.holder().equals(e.holder()));
        list.add(new Lease(e.holder(), e.expires()));
      });
    } else if (event instanceof ImageEvent.LeaseEnded e) {
      return withLeases(list -> list.removeIf(l -> l.holder().equals(e.holder())));
    } else if (event instanceof ImageEvent.StepTaken e) {
      return withTakenSteps(StepMemory.remember(sagaSteps,
          new TakenStep(e.sagaId(), e.outcome(), e.untilForgotten()), s -> !s.untilForgotten()));
    } else if (event instanceof ImageEvent.StepsForgotten e) {
      return withTakenSteps(StepMemory.forget(sagaSteps,
          s -> StepMemory.belongsTo(s.sagaId(), e.sagaId())));
    } else if (event instanceof ContainerDetached e) {
      return withContainers(list -> list.removeIf(c -> c.containerId().equals(e.containerId())));
    }
    throw new IllegalArgumentException("unknown image event " + event);
  }

  public boolean usedBy(String containerId) {
    return containers.stream().anyMatch(c -> c.containerId().equals(containerId));
  }

  private ImageState withReferences(Consumer<SortedSet<NamedReference>> change) {
    SortedSet<NamedReference> copy = new TreeSet<>(references);
    change.accept(copy);
    return new ImageState(lifecycle, metadata, copy, children, containers, registeredBy, leases,
        sagaSteps, generation, childGenerations);
  }

  private ImageState withChild(ImageId child, long childGeneration,
      Consumer<Set<ImageId>> change) {
    Set<ImageId> copy = new HashSet<>(children);
    change.accept(copy);
    Map<ImageId, Long> generations = new HashMap<>(childGenerations);
    generations.merge(child, childGeneration, Math::max);
    return new ImageState(lifecycle, metadata, references, copy, containers, registeredBy,
        leases, sagaSteps, generation, generations);
  }

  private ImageState withContainers(Consumer<List<ContainerUse>> change) {
    List<ContainerUse> copy = new ArrayList<>(containers);
    change.accept(copy);
    return new ImageState(lifecycle, metadata, references, children, copy, registeredBy, leases,
        sagaSteps, generation, childGenerations);
  }

  private ImageState withLeases(Consumer<List<Lease>> change) {
    List<Lease> copy = new ArrayList<>(leases);
    change.accept(copy);
    return new ImageState(lifecycle, metadata, references, children, containers, registeredBy,
        copy, sagaSteps, generation, childGenerations);
  }

  private ImageState withTakenSteps(List<TakenStep> steps) {
    return new ImageState(lifecycle, metadata, references, children, containers, registeredBy,
        leases, steps, generation, childGenerations);
  }
}
