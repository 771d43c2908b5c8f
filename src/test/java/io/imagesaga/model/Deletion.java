package io.imagesaga.model;

import io.imagesaga.model.DockerModel.Image;
import io.imagesaga.model.DockerModel.Layer;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** moby's image_delete.go (2019) over the model's maps, function by function. */
final class Deletion {
  private static final int CHILD = 1;
  private static final int RUNNING = 2;
  private static final int REFERENCE = 4;
  private static final int STOPPED = 8;
  private static final int HARD = CHILD | RUNNING;
  private static final int SOFT = REFERENCE | STOPPED;

  private final DockerModel m;
  private final List<String> records = new ArrayList<>();

  Deletion(DockerModel model) {
    this.m = model;
  }

  List<String> imageDelete(String imageRef, boolean force, boolean prune) {
    if (imageRef.trim().isEmpty()) {
      throw new ModelError(400, "image name cannot be blank");
    }
    ImageId id = m.getImage(imageRef);
    List<NamedReference> repoRefs = m.referencesOf(id);
    boolean removedRepositoryRef = false;
    if (!id.hasPrefix(imageRef)) {
      if (!force && isSingleReference(repoRefs)) {
        List<String> users = m.containersUsing(id, null);
        if (!users.isEmpty()) {
          throw new ModelError(409, String.format("conflict: unable to remove repository"
              + " reference \"%s\" (must force) - container %s is using its referenced image %s",
              imageRef, users.get(0).substring(0, 12), id.shortId()));
        }
      }
      NamedReference parsed = m.parseNamed(imageRef).withDefaultTag();
      m.referenceStore().remove(parsed.favorDigest().toString());
      m.event("untag", id);
      records.add("Untagged: " + parsed.familiarString());
      repoRefs = m.referencesOf(id);
      if (!parsed.isCanonical()) {
        boolean tagLeft = repoRefs.stream().anyMatch(r -> !r.isCanonical()
            && r.repository().equals(parsed.repository()));
        if (!tagLeft) {
          List<NamedReference> remaining = new ArrayList<>();
          for (NamedReference r : repoRefs) {
            if (r.isCanonical() && r.repository().equals(parsed.repository())) {
              m.referenceStore().remove(r.toString());
              records.add("Untagged: " + r.familiarString());
            } else {
              remaining.add(r);
            }
          }
          repoRefs = remaining;
        }
      }
      if (!repoRefs.isEmpty()) {
        return records;
      }
      removedRepositoryRef = true;
    } else if (isSingleReference(repoRefs)) {
      int mask = HARD | (force ? 0 : SOFT & ~REFERENCE);
      ModelError conflict = conflict(id, mask);
      if (conflict != null) {
        throw conflict;
      }
      for (NamedReference r : repoRefs) {
        m.referenceStore().remove(r.toString());
        m.event("untag", id);
        records.add("Untagged: " + r.familiarString());
      }
    }
    helper(id, force, prune, removedRepositoryRef);
    return records;
  }

  static boolean isSingleReference(List<NamedReference> refs) {
    if (refs.size() <= 1) {
      return refs.size() == 1;
    }
    NamedReference single = null;
    Set<String> canonicalRepos = new HashSet<>();
    for (NamedReference r : refs) {
      if (r.isCanonical()) {
        canonicalRepos.add(r.repository().name());
      } else if (single == null) {
        single = r;
      } else {
        return false;
      }
    }
    if (single == null) {
      single = refs.get(0);
    }
    return canonicalRepos.size() == 1 && canonicalRepos.contains(single.repository().name());
  }

  private void helper(ImageId id, boolean force, boolean prune, boolean quiet) {
    ModelError conflict = conflict(id, force ? HARD : HARD | SOFT);
    if (conflict != null) {
      boolean dangling = m.referencesOf(id).isEmpty() && m.childrenOf(id).isEmpty();
      boolean used = conflict.getMessage().contains("container");
      if (quiet && (!dangling || used)) {
        return;
      }
      throw conflict;
    }
    Image image = m.imageStore().get(id);
    for (NamedReference r : m.referencesOf(id)) {
      m.referenceStore().remove(r.toString());
      m.event("untag", id);
      records.add("Untagged: " + r.familiarString());
    }
    m.imageStore().remove(id);
    m.event("delete", id);
    records.add("Deleted: " + id);
    release(image.topLayer());
    if (prune && image.parent() != null) {
      helper(image.parent(), false, true, true);
    }
  }

  private void release(String chain) {
    while (chain != null) {
      Layer layer = m.layerStore().get(chain);
      if (layer.count() > 1) {
        m.layerStore().put(chain, new Layer(layer.parent(), layer.count() - 1));
        return;
      }
      m.layerStore().remove(chain);
      records.add("Deleted: " + chain);
      chain = layer.parent();
    }
  }

  private ModelError conflict(ImageId id, int mask) {
    String prefix = "conflict: unable to delete " + id.shortId();
    if ((mask & CHILD) != 0 && !m.childrenOf(id).isEmpty()) {
      return new ModelError(409, prefix + " (cannot be forced) - image has dependent child images");
    }
    List<String> running = m.containersUsing(id, true);
    if ((mask & RUNNING) != 0 && !running.isEmpty()) {
      return new ModelError(409, prefix + " (cannot be forced) - image is being used by running"
          + " container " + running.get(0).substring(0, 12));
    }
    if ((mask & REFERENCE) != 0 && !m.referencesOf(id).isEmpty()) {
      return new ModelError(409,
          prefix + " (must be forced) - image is referenced in multiple repositories");
    }
    List<String> stopped = m.containersUsing(id, false);
    if ((mask & STOPPED) != 0 && !stopped.isEmpty()) {
      return new ModelError(409, prefix + " (must be forced) - image is being used by stopped"
          + " container " + stopped.get(0).substring(0, 12));
    }
    return null;
  }
}
