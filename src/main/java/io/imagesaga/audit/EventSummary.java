package io.imagesaga.audit;

import io.imagesaga.Provenance;
import io.imagesaga.container.ContainerEvent;
import io.imagesaga.container.ContainerNameEvent;
import io.imagesaga.deletion.DeleteRecord;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.deletion.PruneEvent;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryEvent;
import io.imagesaga.security.AccessEvent;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One event in a few words, for people reading {@code audit history} and {@code verify}: names
 * in their familiar form, IDs short; who asked after the start of each delete and operation.
 * {@code --format json} has every field.
 */
final class EventSummary {
  private EventSummary() {}

  static String of(Object event) {
    if (event instanceof OperationEvent e) {
      return operation(e);
    } else if (event instanceof DeletionEvent e) {
      return deletion(e);
    } else if (event instanceof ImageEvent e) {
      return ImageEventSummary.of(e);
    } else if (event instanceof RepositoryEvent.ReferenceSet e) {
      return names(List.of(e.reference())) + " -> " + e.image().shortId()
          + e.previous().map(p -> " (was " + p.shortId() + ")").orElse("");
    } else if (event instanceof RepositoryEvent.ReferencesRemoved e) {
      // A saga's removal is journaled even when its references had moved away meanwhile.
      return e.references().isEmpty() ? "nothing left to remove for delete "
          + e.step().substring(0, Math.min(8, e.step().length()))
          : "removed " + names(e.references());
    } else if (event instanceof RepositoryEvent.StepsForgotten e) {
      return forgotten(e.operationId());
    } else if (event instanceof LayerEvent.StepsForgotten e) {
      return forgotten(e.sagaId());
    } else if (event instanceof ContainerEvent.Created e) {
      return "created " + e.spec().name() + " on " + e.spec().image();
    } else if (event instanceof ContainerEvent || event instanceof LayerEvent) {
      return EventTypes.name(event.getClass()).replaceFirst(".*\\.", "").toLowerCase(Locale.ROOT);
    } else if (event instanceof PruneEvent e) {
      return prune(e);
    } else if (event instanceof ContainerNameEvent.Reserved e) {
      return "name reserved for " + ImageEventSummary.shortContainer(e.containerId());
    } else if (event instanceof ContainerNameEvent.Released e) {
      return "name released by " + ImageEventSummary.shortContainer(e.containerId());
    } else if (event instanceof AccessEvent e) {
      return access(e);
    }
    return EventTypes.name(event.getClass());
  }

  private static String prune(PruneEvent event) {
    if (event instanceof PruneEvent.Completed e) {
      return "prune reclaimed " + e.reclaimed() + " bytes";
    } else if (event instanceof PruneEvent.Planned e) {
      return "prune dry run planned " + e.plan().items().size() + " deletes, plan "
          + e.plan().token();
    }
    return "prune plan " + ((PruneEvent.PlanTaken) event).token() + " taken to be executed";
  }

  /** An entity forgot the steps of a saga that ended: bookkeeping, no change of the catalog. */
  static String forgotten(String sagaId) {
    return "forgot the steps of " + sagaId.substring(0, Math.min(8, sagaId.length()))
        + " (it ended)";
  }

  private static String operation(OperationEvent event) {
    if (event instanceof OperationEvent.Started e) {
      return PlanSummary.of(e.plan()) + asked(e.provenance());
    } else if (event instanceof OperationEvent.Refused e) {
      return "refused: " + e.rejection().message();
    }
    return "completed";
  }

  private static String deletion(DeletionEvent event) {
    if (event instanceof DeletionEvent.Started e) {
      return "rmi " + (e.plan().options().force() ? "-f " : "")
          + (e.plan().options().prune() ? "" : "--no-prune ") + e.plan().input()
          + asked(e.provenance());
    } else if (event instanceof DeletionEvent.Finished e) {
      return e.records().stream().map(DeleteRecord::line).collect(Collectors.joining(", "));
    } else if (event instanceof DeletionEvent.Failed e) {
      return "refused: " + e.rejection().message();
    }
    return "abandoned (a stop came before its first step)";
  }

  private static String access(AccessEvent event) {
    if (event instanceof AccessEvent.Refused e) {
      return "refused " + e.method() + " " + e.path() + " (needs " + e.needed().label() + ")"
          + asked(e.provenance());
    }
    AccessEvent.RefusalsRepeated e = (AccessEvent.RefusalsRepeated) event;
    String who = e.client().equals(AccessEvent.RefusalsRepeated.OTHERS) ? "further clients"
        : e.client().isEmpty() ? "clients without a certificate" : e.client();
    return "refused " + e.count() + " more requests of " + who + " needing "
        + e.needed().label() + " since " + e.since() + "; the last: " + e.last().method() + " "
        + e.last().path() + asked(e.last().provenance());
  }

  /** Who asked: the client's address, certificate subject, user agent and request ID. */
  private static String asked(Provenance p) {
    if (p.equals(Provenance.UNRECORDED)) {
      return "";
    }
    return p.remoteAddress().isEmpty() ? " by the node (" + p.requestId() + ")"
        : " by " + p.remoteAddress() + (p.client().isEmpty() ? "" : " as " + p.client())
            + " \"" + p.userAgent() + "\" request " + p.requestId();
  }

  static String names(List<NamedReference> references) {
    return references.stream().map(NamedReference::familiarString)
        .collect(Collectors.joining(", "));
  }
}
