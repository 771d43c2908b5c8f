package io.imagesaga.image;

import java.util.EnumSet;
import java.util.Set;

/**
 * moby's {@code conflictType}: the reasons an image cannot be deleted, in the order
 * {@link ImageConflicts#check} tests them. HARD conflicts cannot be forced; SOFT ones
 * give way to {@code force}.
 */
public enum ConflictKind {
  /**
   * Not moby's: a load or pull in progress writes the image or a child of it, or a save reads
   * it (a lease).
   */
  IMPORT_IN_PROGRESS,
  DEPENDENT_CHILD,
  RUNNING_CONTAINER,
  ACTIVE_REFERENCE,
  STOPPED_CONTAINER;

  public static final Set<ConflictKind> HARD =
      EnumSet.of(IMPORT_IN_PROGRESS, DEPENDENT_CHILD, RUNNING_CONTAINER);
  public static final Set<ConflictKind> SOFT = EnumSet.of(ACTIVE_REFERENCE, STOPPED_CONTAINER);
  public static final Set<ConflictKind> ALL = EnumSet.allOf(ConflictKind.class);

  static Set<ConflictKind> union(Set<ConflictKind> a, Set<ConflictKind> b) {
    EnumSet<ConflictKind> result = EnumSet.noneOf(ConflictKind.class);
    result.addAll(a);
    result.addAll(b);
    return result;
  }
}
