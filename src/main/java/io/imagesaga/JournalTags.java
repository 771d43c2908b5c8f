package io.imagesaga;

/** Journal tags read by queries across entities. */
public final class JournalTags {
  /** Every image and container event that {@code docker events} reports, in write order. */
  public static final String DOCKER_EVENTS = "docker-events";

  /**
   * Every event of every entity, in the order the journal wrote them: the audit log. One
   * sequence across entities is what lets a replay rebuild the whole catalog as it was at any
   * point, and check the invariants between entities as it goes.
   */
  public static final String AUDIT = "audit";

  private JournalTags() {}
}
