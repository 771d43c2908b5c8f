package io.imagesaga.audit;

import io.imagesaga.image.DeleteOutcome;
import io.imagesaga.image.ImageEvent;
import java.util.List;

/** {@link EventSummary} of the events of one image. */
final class ImageEventSummary {
  private ImageEventSummary() {}

  static String of(ImageEvent event) {
    if (event instanceof ImageEvent.Registered e) {
      return "registered" + e.metadata().parent().map(p -> ", parent " + p.shortId())
          .orElse("") + ", " + e.metadata().size() + " bytes";
    } else if (event instanceof ImageEvent.ReferenceAdded e) {
      return "tagged " + EventSummary.names(List.of(e.reference()));
    } else if (event instanceof ImageEvent.ReferenceRemoved e) {
      return "lost " + EventSummary.names(List.of(e.reference())) + " (moved to another image)";
    } else if (event instanceof ImageEvent.Untagged e) {
      return "untagged " + EventSummary.names(ImageEvent.referencesOf(e));
    } else if (event instanceof ImageEvent.Deleted) {
      return "deleted";
    } else if (event instanceof ImageEvent.ChildAdded e) {
      return "child " + e.child().shortId() + " added";
    } else if (event instanceof ImageEvent.ChildRemoved e) {
      return "child " + e.child().shortId() + " removed";
    } else if (event instanceof ImageEvent.ContainerAttached e) {
      return "used by container " + shortContainer(e.containerId());
    } else if (event instanceof ImageEvent.ContainerStateChanged e) {
      return "container " + shortContainer(e.containerId())
          + (e.running() ? " running" : " stopped");
    } else if (event instanceof ImageEvent.ContainerDetached e) {
      return "no longer used by container " + shortContainer(e.containerId());
    } else if (event instanceof ImageEvent.StepTaken e) {
      return "step of delete " + e.sagaId().substring(0, Math.min(8, e.sagaId().length()))
          + (e.outcome() instanceof DeleteOutcome.Rejected r ? " refused: "
              + r.rejection().message() : " taken");
    } else if (event instanceof ImageEvent.StepsForgotten e) {
      return EventSummary.forgotten(e.sagaId());
    } else if (event instanceof ImageEvent.Leased e) {
      return "held by " + e.holder() + " until " + e.expires();
    } else if (event instanceof ImageEvent.LeaseEnded e) {
      return "released by " + e.holder();
    } else if (event instanceof ImageEvent.Announced e) {
      return e.action();
    }
    return EventTypes.name(event.getClass());
  }

  static String shortContainer(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }
}
