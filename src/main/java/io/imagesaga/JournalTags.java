package io.imagesaga;

/** Journal tags read by queries across entities. */
public final class JournalTags {
  /** Every image and container event that {@code docker events} reports, in write order. */
  public static final String DOCKER_EVENTS = "docker-events";

  private JournalTags() {}
}
