package io.imagesaga.crash;

import io.imagesaga.container.ContainerState;
import io.imagesaga.crash.OpRecord.Kind;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.LayerState;
import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The answers clients got, held against the state the node ends in and against each other:
 * what was acknowledged happened and stays (docs/design.md, invariant 5), nothing happened that
 * no answer reports and no unanswered op could have done, and the answers fit some sequential order
 * (no image reported present after its delete was acknowledged, no image deleted twice, no
 * container on an image a non-forced delete removed). Tags and container names are never
 * reused, which makes these exact; an image comes back only through a load that carries it (a
 * child's archive carries its ancestors, untagged), and the checks allow for such a load
 * wherever it may have come in between. The checks H1 to H13 are tabled in docs/testing.md,
 * "History checks".
 */
final class HistoryChecks {
  private final Snapshot s;
  private final World world;
  private final List<OpRecord> ops;
  private final List<Violation> out = new ArrayList<>();
  private final Map<ImageId, List<OpRecord>> deletes = new HashMap<>();
  private final Map<String, List<OpRecord>> untags = new HashMap<>();
  private final Map<String, List<OpRecord>> byContainer = new HashMap<>();

  private HistoryChecks(Snapshot s, World world, List<OpRecord> ops) {
    this.s = s;
    this.world = world;
    this.ops = ops;
    for (OpRecord op : ops) {
      if (op.acked()) {
        op.deletedImages.forEach(id -> deletes.computeIfAbsent(id, k -> new ArrayList<>())
            .add(op));
        op.untagged.forEach(r -> untags.computeIfAbsent(r, k -> new ArrayList<>()).add(op));
      }
      if (op.container != null) {
        byContainer.computeIfAbsent(op.container, k -> new ArrayList<>()).add(op);
      }
    }
  }

  static List<Violation> check(Snapshot s, World world, List<OpRecord> ops) {
    HistoryChecks checks = new HistoryChecks(s, world, ops);
    checks.deletes();
    checks.phantomDeletes();
    checks.references();
    checks.loads();
    checks.presentAfterDelete();
    checks.containers();
    checks.readYourWrites();
    checks.runningNotDeleted();
    return checks.out;
  }

  /** Whether {@code other} may have taken effect after {@code op} began. */
  private static boolean couldFollowStartOf(OpRecord other, OpRecord op) {
    return !other.answered() || other.end > op.start;
  }

  /**
   * Whether a load that carries {@code image} (a child's load carries its parent) may have
   * registered it again between the start of {@code after} and the end of {@code before}.
   */
  private boolean mayBeReloaded(ImageId image, OpRecord after, OpRecord before) {
    return ops.stream().anyMatch(o -> o.kind == Kind.LOAD && couldFollowStartOf(o, after)
        && (!before.answered() || o.start < before.end)
        && o.loaded.stream().anyMatch(i -> i.id().equals(image)));
  }

  /** Whether any two of {@code deletes} may have a load of {@code image} between them. */
  private boolean eachMayBeReloaded(ImageId image, List<OpRecord> deletes) {
    for (int i = 0; i < deletes.size(); i++) {
      for (int j = i + 1; j < deletes.size(); j++) {
        OpRecord a = deletes.get(i);
        OpRecord b = deletes.get(j);
        if (!mayBeReloaded(image, a, b) && !mayBeReloaded(image, b, a)) {
          return false;
        }
      }
    }
    return true;
  }

  /** H1, H2, H7: an acknowledged {@code Deleted:} is complete and stays; no image dies twice. */
  private void deletes() {
    deletes.forEach((id, acked) -> {
      ImageState image = s.images().get(id);
      OpRecord first = acked.get(0);
      boolean reloaded = ops.stream().anyMatch(o -> o.kind == Kind.LOAD
          && couldFollowStartOf(o, first) && o.loaded.stream().anyMatch(i -> i.id().equals(id)));
      if (image.lifecycle() != ImageState.Lifecycle.DELETED && !reloaded) {
        out.add(Violation.of("H1", "#" + first.seq + " acknowledged Deleted: " + id
            + " but the image is " + image.lifecycle(), id));
      }
      if (acked.size() > 1 && !eachMayBeReloaded(id, acked)) {
        out.add(Violation.of("H7", "two acknowledged deletes of " + id + ": " + acked.stream()
            .map(o -> "#" + o.seq).collect(Collectors.joining(", ")), id));
      }
    });
    for (OpRecord op : ops) {
      if (!op.acked()) {
        continue;
      }
      for (String layer : op.deletedLayers) {
        Digest chain = Digest.fromJson(layer);
        LayerState state = s.layers().get(chain);
        boolean reloaded = ops.stream().anyMatch(o -> o != op && o.kind == Kind.LOAD
            && couldFollowStartOf(o, op)
            && o.loaded.stream().anyMatch(i -> i.chainIds().contains(chain)));
        if (state != null && state.isPresent() && !reloaded) {
          out.add(Violation.of("H2", "#" + op.seq + " acknowledged Deleted: " + layer
              + " but the layer has " + state.holders().size() + " holders", chain));
        }
      }
    }
  }

  /** H6: a deleted image was reported deleted, or an op with no known outcome may have. */
  private void phantomDeletes() {
    s.images().forEach((id, image) -> {
      if (image.lifecycle() != ImageState.Lifecycle.DELETED || deletes.containsKey(id)) {
        return;
      }
      Set<ImageId> below = world.withDescendants(id);
      boolean explained = ops.stream().anyMatch(o -> o.isDelete() && o.uncertain()
          && (o.isPrune() || below.contains(o.image)));
      if (!explained) {
        out.add(Violation.of("H6", id + " is DELETED but no answer reported it and no"
            + " unanswered delete could have removed it", id));
      }
    });
  }

  /** H3, H4: an acknowledged untag stays; an acknowledged tag stays unless it may be undone. */
  private void references() {
    untags.forEach((ref, acked) -> {
      ImageId now = s.lookup(ref);
      if (now != null) {
        out.add(Violation.of("H3", "#" + acked.get(0).seq + " acknowledged Untagged: " + ref
            + " but it points at " + now, ref, now));
      }
    });
    for (OpRecord op : ops) {
      if (op.kind == Kind.TAG && op.acked()) {
        expectReference(op, op.target, op.image);
      }
    }
  }

  private void expectReference(OpRecord op, String ref, ImageId image) {
    ImageId now = s.lookup(ref);
    if (image.equals(now) || untags.containsKey(ref)) {
      return;
    }
    boolean mayBeUndone = now == null && ops.stream().anyMatch(o -> o.isDelete()
        && o.uncertain() && couldFollowStartOf(o, op) && (o.isPrune() || image.equals(o.image)));
    if (!mayBeUndone) {
      out.add(Violation.of("H4", "#" + op.seq + " acknowledged " + ref + " -> "
          + image.shortId() + " but it points at " + now + " and no answer untagged it", ref,
          image));
    }
  }

  /** H5: what an acknowledged load registered exists (or was deleted, see H1/H6). */
  private void loads() {
    for (OpRecord op : ops) {
      if (op.kind != Kind.LOAD || !op.acked()) {
        continue;
      }
      for (TestImages.Image image : op.loaded) {
        ImageState state = s.images().get(image.id());
        if (state.lifecycle() == ImageState.Lifecycle.ABSENT) {
          out.add(Violation.of("H5", "#" + op.seq + " acknowledged the load of " + image.id()
              + " but the image is ABSENT", image.id()));
        }
        image.tags().forEach(tag -> expectReference(op, World.normalize(tag), image.id()));
      }
    }
  }

  /** H8: no op that began after a delete was acknowledged finds the image present. */
  private void presentAfterDelete() {
    for (OpRecord op : ops) {
      if (!op.acked()) {
        continue;
      }
      List<ImageId> seen = new ArrayList<>();
      if (op.image != null && op.kind != Kind.START && op.kind != Kind.STOP
          && op.kind != Kind.RM) {
        seen.add(op.image);
      }
      for (ImageId id : seen) {
        for (OpRecord delete : deletes.getOrDefault(id, List.of())) {
          if (delete != op && op.start > delete.end && !mayBeReloaded(id, delete, op)) {
            out.add(Violation.of("H8", "#" + op.seq + " (" + op.kind + ") found " + id.shortId()
                + " present, but #" + delete.seq + " had acknowledged Deleted: " + id
                + " before it began", id));
          }
        }
      }
    }
  }

  /**
   * H12: a name or ID an acknowledged write established resolves for every later op, until an
   * op that may remove it has begun (docs/design.md, "Read side": read your writes; a 404 here is a lie).
   */
  private void readYourWrites() {
    for (OpRecord op : ops) {
      ImageId image = op.image;
      boolean byTag = op.byTag();
      if (op.kind == Kind.LOAD && op.loadFailed && op.error.startsWith("No such image: sha256:")
          && op.loaded.size() == 1 && op.loaded.get(0).parent().isPresent()) {
        image = op.loaded.get(0).parent().get();
        byTag = false;
      } else if (op.status != 404 || image == null || op.name == null
          || !op.body.contains("No such image")) {
        continue;
      }
      String ref = byTag ? World.normalize(op.name) : null;
      ImageId id = image;
      long established = ops.stream().filter(o -> o.acked() && (ref == null
          ? o.loaded.stream().anyMatch(i -> i.id().equals(id))
          : ref.equals(o.target) && o.kind == Kind.TAG
              || o.loaded.stream().anyMatch(i -> i.tags().stream().map(World::normalize)
                  .anyMatch(ref::equals)))).mapToLong(o -> o.end).min().orElse(Long.MAX_VALUE);
      if (established >= op.start) {
        continue;
      }
      Set<ImageId> below = world.withDescendants(image);
      boolean removable = ops.stream().anyMatch(d -> d != op && d.isDelete()
          && d.start < op.end && (d.isPrune() || below.contains(d.image)));
      if (!removable) {
        out.add(Violation.of("H12", "#" + op.seq + " (" + op.kind + ") was told \""
            + (op.kind == Kind.LOAD ? op.error : op.body) + "\" for " + (ref == null ? image
                : ref) + " although an acknowledged write had made it and no delete that"
            + " could remove it had begun", image, ref));
      }
    }
  }

  /**
   * H13 (docs/design.md, invariant 3): no acknowledged delete removes an image while a container that an
   * acknowledged start made run on it is certainly still running.
   */
  private void runningNotDeleted() {
    for (OpRecord create : ops) {
      if (create.kind != Kind.CREATE || !create.acked()) {
        continue;
      }
      List<OpRecord> mine = byContainer.getOrDefault(create.createdContainer, List.of());
      for (OpRecord delete : deletes.getOrDefault(create.image, List.of())) {
        for (OpRecord start : mine) {
          if (start.kind != Kind.START || !start.acked() || start.end >= delete.start) {
            continue;
          }
          boolean mayHaveStopped = mine.stream().anyMatch(p -> (p.kind == Kind.STOP
              || p.kind == Kind.RM) && (p.acked() || p.uncertain()) && p.start < delete.end
              && (!p.answered() || p.end > start.start));
          if (!mayHaveStopped) {
            out.add(Violation.of("H13", "#" + delete.seq + " deleted " + create.image
                + " while container " + create.createdContainer + " was running (started by #"
                + start.seq + ", not stopped since)", create.image, create.createdContainer));
          }
        }
      }
    }
  }

  /** H9–H11: acknowledged creates, removes, starts and stops stay; deletes respect them. */
  private void containers() {
    for (OpRecord op : ops) {
      if (op.kind == Kind.CREATE && op.acked()) {
        created(op);
      } else if (op.kind == Kind.RM && op.acked()) {
        ContainerState state = s.containers().get(op.container);
        if (state != null && state.exists()) {
          out.add(Violation.of("H10", "#" + op.seq + " acknowledged removing " + op.container
              + " but it is " + state.status(), op.container));
        }
      }
    }
    byContainer.forEach(this::transitions);
  }

  private void created(OpRecord op) {
    String id = op.createdContainer;
    ContainerState state = s.containers().get(id);
    List<OpRecord> removals = byContainer.getOrDefault(id, List.of()).stream()
        .filter(o -> o.kind == Kind.RM && (o.acked() || o.uncertain())).toList();
    if ((state == null || !state.exists()) && removals.isEmpty()) {
      out.add(Violation.of("H9", "#" + op.seq + " acknowledged container " + id + " on "
          + op.image.shortId() + " but it is " + (state == null ? "unknown" : state.status()),
          id, op.image));
    } else if (state != null && state.exists() && !state.spec().imageId().equals(op.image)) {
      out.add(Violation.of("H9", "container " + id + " was created on " + op.image
          + " but records image " + state.spec().imageId(), id, op.image));
    }
    for (OpRecord delete : deletes.getOrDefault(op.image, List.of())) {
      boolean forced = delete.force && op.image.equals(delete.image) && !delete.isPrune();
      boolean removedBefore = removals.stream().anyMatch(rm -> rm.start < delete.end);
      if (!forced && !removedBefore && op.start < delete.end
          && !mayBeReloaded(op.image, delete, op)) {
        out.add(Violation.of("H9", "#" + delete.seq + " deleted " + op.image.shortId()
            + " without force while container " + id + " (created by #" + op.seq
            + ") used it and was never removed", id, op.image));
      }
    }
  }

  /** H11: a container's running state is that of its last start/stop, when that is clear. */
  private void transitions(String container, List<OpRecord> all) {
    ContainerState state = s.containers().get(container);
    if (state == null || !state.exists()) {
      return;
    }
    List<OpRecord> moves = all.stream().filter(o -> (o.kind == Kind.START
        || o.kind == Kind.STOP) && (o.acked() || o.uncertain())).toList();
    List<OpRecord> last = moves.stream().filter(o -> o.acked()
        && moves.stream().noneMatch(p -> p != o && p.start > o.end)).toList();
    if (last.isEmpty()) {
      return;
    }
    long lastBegan = last.stream().mapToLong(o -> o.start).min().getAsLong();
    if (moves.stream().anyMatch(o -> o.uncertain() && (!o.answered() || o.end > lastBegan))) {
      return;
    }
    Set<Kind> kinds = last.stream().map(o -> o.kind).collect(Collectors.toSet());
    if (kinds.size() == 1) {
      boolean running = kinds.contains(Kind.START);
      if (state.isRunning() != running) {
        out.add(Violation.of("H11", "container " + container + " is " + state.status()
            + " but its last acknowledged transition was " + last.stream().map(o -> "#" + o.seq
                + " " + o.kind).collect(Collectors.joining(", ")), container));
      }
    }
  }
}
