package io.imagesaga.audit;

import io.imagesaga.container.ContainerEvent;
import io.imagesaga.container.ContainerSpec;
import io.imagesaga.deletion.PruneEvent;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.reference.ImageId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns journal events into the events dockerd emits for the same operations. Stateful, for
 * one pass over the journal in write order: it remembers each image's labels and each
 * container's name and image, which later events need as attributes.
 */
final class DockerEventMapper {
  private final Map<String, Map<String, String>> imageLabels = new HashMap<>();
  private final Map<String, ContainerSpec> containers = new HashMap<>();

  List<DockerEvent> map(String persistenceId, Object event) {
    String id = persistenceId.substring(persistenceId.indexOf('|') + 1);
    if (event instanceof ImageEvent e) {
      return image(ImageId.parse(id), e);
    } else if (event instanceof ContainerEvent e) {
      return container(id, e);
    } else if (event instanceof PruneEvent.Completed e) {
      return List.of(new DockerEvent("image", "prune", "",
          Map.of("reclaimed", Long.toString(e.reclaimed())), e.at()));
    }
    return List.of();
  }

  private List<DockerEvent> image(ImageId id, ImageEvent event) {
    List<DockerEvent> out = new ArrayList<>();
    if (event instanceof ImageEvent.Registered e) {
      imageLabels.put(id.toString(), e.metadata().labels());
    } else if (event instanceof ImageEvent.ReferenceAdded e) {
      out.add(new DockerEvent("image", "tag", id.toString(),
          withLabels(id, Map.of("name", e.reference().familiarString())), e.at()));
    } else if (event instanceof ImageEvent.Untagged e) {
      e.references().stream().filter(ImageEvent.Untag::announced).forEach(u -> out.add(
          new DockerEvent("image", "untag", id.toString(),
              withLabels(id, Map.of("name", id.toString())), e.at())));
    } else if (event instanceof ImageEvent.Announced e) {
      out.add(new DockerEvent("image", e.action(), e.actor(),
          withLabels(id, Map.of("name", e.actor())), e.at()));
    } else if (event instanceof ImageEvent.Deleted e) {
      out.add(new DockerEvent("image", "delete", id.toString(), Map.of("name", id.toString()),
          e.at()));
    }
    return out;
  }

  private List<DockerEvent> container(String id, ContainerEvent event) {
    if (event instanceof ContainerEvent.Created e) {
      containers.put(id, e.spec());
      return List.of(containerEvent(id, "create", e));
    } else if (event instanceof ContainerEvent.Started e) {
      return List.of(containerEvent(id, "start", e));
    } else if (event instanceof ContainerEvent.Stopped e) {
      return List.of(containerEvent(id, "kill", e), containerEvent(id, "die", e),
          containerEvent(id, "stop", e));
    } else if (event instanceof ContainerEvent.Removed e) {
      return List.of(containerEvent(id, "destroy", e));
    }
    return List.of();
  }

  private DockerEvent containerEvent(String id, String action, ContainerEvent event) {
    Map<String, String> attributes = new LinkedHashMap<>();
    ContainerSpec spec = containers.get(id);
    if (spec != null) {
      attributes.putAll(spec.labels());
      attributes.put("image", spec.image());
      attributes.put("name", spec.name());
    }
    return new DockerEvent("container", action, id, attributes, event.at());
  }

  private Map<String, String> withLabels(ImageId id, Map<String, String> attributes) {
    Map<String, String> all = new LinkedHashMap<>(imageLabels.getOrDefault(id.toString(),
        Map.of()));
    all.putAll(attributes);
    return all;
  }
}
