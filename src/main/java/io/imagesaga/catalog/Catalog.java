package io.imagesaga.catalog;

import io.imagesaga.container.ContainerState;
import io.imagesaga.image.ImageState;
import io.imagesaga.reference.ImageId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The node's read side: the present images and existing containers, as the entities last
 * reported them, with an index of image IDs for prefix search (moby's {@code digestset}).
 * Entities tell it of every change before they acknowledge it, so a client reads its own writes;
 * at start it is filled from the journal by {@link CatalogLoader}.
 */
public final class Catalog extends AbstractBehavior<Catalog.Command> {

  public sealed interface Command {}

  public record ImageChanged(ImageState state) implements Command {}

  public record ContainerChanged(ContainerState state) implements Command {}

  /** moby's {@code imageStore.Search}: the one image whose ID starts with {@code term}. */
  public record SearchImage(String term, ActorRef<Optional<ImageId>> replyTo) implements Command {}

  /** Every present image, newest first (ties by ID). */
  public record ListImages(ActorRef<List<CatalogImage>> replyTo) implements Command {}

  /** A container by full ID, by name ({@code /} optional), or by unique ID prefix. */
  public record FindContainer(String term, ActorRef<Optional<ContainerState>> replyTo)
      implements Command {}

  public record ListContainers(ActorRef<List<ContainerState>> replyTo) implements Command {}

  public static Behavior<Command> create() {
    return Behaviors.setup(Catalog::new);
  }

  /** By ID, so that the keys answer prefix searches too. */
  private final NavigableMap<CompactId, CatalogImage> images = new TreeMap<>();
  private final CatalogImages compact = new CatalogImages();
  /** {@link #images} newest first, kept from one listing to the next until an image changes. */
  private List<CatalogImage> newestFirst;
  private final Map<String, ContainerState> containers = new LinkedHashMap<>();
  private final Map<String, String> containerNames = new HashMap<>();

  private Catalog(ActorContext<Command> context) {
    super(context);
  }

  /** Adapts the catalog to the entities' observer interfaces. */
  public static CatalogFeed feed(ActorRef<Command> catalog) {
    return new CatalogFeed(catalog);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ImageChanged.class, this::onImageChanged)
        .onMessage(ContainerChanged.class, this::onContainerChanged)
        .onMessage(SearchImage.class, this::onSearchImage)
        .onMessage(ListImages.class, this::onListImages)
        .onMessage(FindContainer.class, this::onFindContainer)
        .onMessage(ListContainers.class, this::onListContainers)
        .build();
  }

  private Behavior<Command> onImageChanged(ImageChanged msg) {
    ImageState state = msg.state();
    if (state.isPresent()) {
      CatalogImage image = compact.of(state, images);
      images.put(image.key(), image);
      newestFirst = null;
    } else if (state.metadata() != null && images.remove(CompactId.of(state.id())) != null) {
      newestFirst = null;
    }
    return this;
  }

  private Behavior<Command> onContainerChanged(ContainerChanged msg) {
    ContainerState state = msg.state();
    String id = state.spec().id();
    if (state.exists()) {
      containers.put(id, state);
      containerNames.put(state.spec().name(), id);
    } else {
      containers.remove(id);
      containerNames.remove(state.spec().name(), id);
    }
    return this;
  }

  private Behavior<Command> onSearchImage(SearchImage msg) {
    msg.replyTo().tell(ImageIdIndex.search(images.navigableKeySet(), msg.term()));
    return this;
  }

  private Behavior<Command> onListImages(ListImages msg) {
    if (newestFirst == null) {
      newestFirst = CatalogImages.newestFirst(images.values());
    }
    msg.replyTo().tell(newestFirst);
    return this;
  }

  private Behavior<Command> onFindContainer(FindContainer msg) {
    msg.replyTo().tell(findContainer(msg.term()));
    return this;
  }

  private Optional<ContainerState> findContainer(String term) {
    String name = term.startsWith("/") ? term.substring(1) : term;
    if (containers.containsKey(term)) {
      return Optional.of(containers.get(term));
    }
    if (containerNames.containsKey(name)) {
      return Optional.of(containers.get(containerNames.get(name)));
    }
    List<ContainerState> matches = containers.values().stream()
        .filter(c -> !term.isEmpty() && c.spec().id().startsWith(term)).toList();
    return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
  }

  private Behavior<Command> onListContainers(ListContainers msg) {
    List<ContainerState> list = new ArrayList<>(containers.values());
    list.sort(Comparator.comparing((ContainerState c) -> c.spec().created()).reversed());
    msg.replyTo().tell(list);
    return this;
  }
}
