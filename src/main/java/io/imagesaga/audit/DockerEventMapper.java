package io.imagesaga.audit;

import io.imagesaga.container.ContainerEvent;
import io.imagesaga.container.ContainerSpec;
import io.imagesaga.deletion.PruneEvent;
import io.imagesaga.image.ImageEvent;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.persistence.query.EventEnvelope;

/**
 * Turns journal events into the events dockerd emits for the same operations, with the
 * attributes dockerd gives them (an image's labels, a container's name, image and labels),
 * which {@link ActorAttributes} supplies in bounded memory. For one stream in journal order:
 * each call waits for the previous one to complete.
 */
final class DockerEventMapper {
  private final ActorAttributes attributes;

  DockerEventMapper(ActorAttributes attributes) {
    this.attributes = attributes;
  }

  CompletionStage<List<DockerEvent>> map(EventEnvelope envelope) {
    String pid = envelope.persistenceId();
    String id = pid.substring(pid.indexOf('|') + 1);
    Object event = envelope.event();
    if (event instanceof ImageEvent e) {
      return image(pid, id, envelope.sequenceNr(), e);
    } else if (event instanceof ContainerEvent e) {
      return container(pid, id, envelope.sequenceNr(), e);
    } else if (event instanceof PruneEvent.Completed e) {
      return done(List.of(new DockerEvent("image", "prune", "",
          Map.of("reclaimed", Long.toString(e.reclaimed())), e.at())));
    }
    return done(List.of());
  }

  private CompletionStage<List<DockerEvent>> image(String pid, String id, long sequenceNr,
      ImageEvent event) {
    if (event instanceof ImageEvent.Registered e) {
      attributes.registered(pid, e.metadata().labels());
    } else if (event instanceof ImageEvent.ReferenceAdded e) {
      return labelled(pid, sequenceNr, "tag", id, e.reference().familiarString(), e.at(), 1);
    } else if (event instanceof ImageEvent.Untagged e) {
      int announced = (int) e.references().stream().filter(ImageEvent.RemovedReference::announced).count();
      return labelled(pid, sequenceNr, "untag", id, id, e.at(), announced);
    } else if (event instanceof ImageEvent.Announced e) {
      return labelled(pid, sequenceNr, e.action(), e.actor(), e.actor(), e.at(), 1);
    } else if (event instanceof ImageEvent.Deleted e) {
      attributes.forget(pid);
      return done(List.of(new DockerEvent("image", "delete", id, Map.of("name", id), e.at())));
    }
    return done(List.of());
  }

  /** {@code times} image events with the image's labels and {@code name}. */
  private CompletionStage<List<DockerEvent>> labelled(String pid, long sequenceNr,
      String action, String actor, String name, Instant at, int times) {
    if (times == 0) {
      return done(List.of());
    }
    return attributes.labels(pid, sequenceNr).thenApply(labels -> {
      Map<String, String> all = new LinkedHashMap<>(labels);
      all.put("name", name);
      return Collections.nCopies(times, new DockerEvent("image", action, actor, all,
          at));
    });
  }

  private CompletionStage<List<DockerEvent>> container(String pid, String id, long sequenceNr,
      ContainerEvent event) {
    if (event instanceof ContainerEvent.Created e) {
      attributes.created(pid, e.spec());
      return done(List.of(containerEvent(id, "create", Optional.of(e.spec()), e.at())));
    }
    List<String> actions = event instanceof ContainerEvent.Started ? List.of("start")
        : event instanceof ContainerEvent.Stopped ? List.of("kill", "die", "stop")
        : event instanceof ContainerEvent.Removed ? List.of("destroy") : List.of();
    if (actions.isEmpty()) {
      return done(List.of());
    }
    return attributes.spec(pid, sequenceNr).thenApply(spec -> {
      if (event instanceof ContainerEvent.Removed) {
        attributes.forget(pid);
      }
      return actions.stream().map(action -> containerEvent(id, action, spec, event.at()))
          .toList();
    });
  }

  private static DockerEvent containerEvent(String id, String action,
      Optional<ContainerSpec> spec, Instant at) {
    Map<String, String> attributes = new LinkedHashMap<>();
    spec.ifPresent(s -> {
      attributes.putAll(s.labels());
      attributes.put("image", s.image());
      attributes.put("name", s.name());
    });
    return new DockerEvent("container", action, id, attributes, at);
  }

  private static CompletionStage<List<DockerEvent>> done(List<DockerEvent> events) {
    return CompletableFuture.completedFuture(events);
  }
}
