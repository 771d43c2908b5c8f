package io.imagesaga.audit;

import io.imagesaga.container.ContainerEvent;
import io.imagesaga.container.ContainerNameEvent;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.deletion.PruneEvent;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.repository.RepositoryEvent;
import io.imagesaga.security.AccessEvent;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The short names of journal event types ({@code ImageEvent.Deleted}), as exports and audit
 * output show them. Only the sealed event families are named, so a name read from an export can
 * never load an arbitrary class.
 */
final class EventTypes {
  private static final List<Class<?>> FAMILIES = List.of(ImageEvent.class,
      RepositoryEvent.class, LayerEvent.class, ContainerEvent.class, ContainerNameEvent.class,
      DeletionEvent.class, PruneEvent.class, OperationEvent.class, AccessEvent.class);

  private static final Map<String, Class<?>> BY_NAME = FAMILIES.stream()
      .flatMap(family -> Stream.of(family.getPermittedSubclasses()))
      .collect(Collectors.toUnmodifiableMap(EventTypes::name, Function.identity()));

  private EventTypes() {}

  /** The sealed families whose permitted types are journal events. */
  static List<Class<?>> families() {
    return FAMILIES;
  }

  /** {@code ImageEvent.Deleted} for {@code io.imagesaga.image.ImageEvent$Deleted}. */
  static String name(Class<?> type) {
    Class<?> outer = type.getEnclosingClass();
    return outer == null ? type.getSimpleName()
        : outer.getSimpleName() + "." + type.getSimpleName();
  }

  /**
   * The event class named.
   *
   * @throws IllegalArgumentException if it names no journal event type
   */
  static Class<?> named(String name) {
    Class<?> type = BY_NAME.get(name);
    if (type == null) {
      throw new IllegalArgumentException("not an imagesaga event type: " + name);
    }
    return type;
  }
}
