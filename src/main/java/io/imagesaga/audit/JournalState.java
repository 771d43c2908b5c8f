package io.imagesaga.audit;

import io.imagesaga.container.ContainerEvent;
import io.imagesaga.container.ContainerState;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.image.ImageEvent;
import io.imagesaga.image.ImageState;
import io.imagesaga.layer.LayerEvent;
import io.imagesaga.layer.LayerState;
import io.imagesaga.operation.OperationEvent;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.repository.RepositoryEvent;
import io.imagesaga.repository.RepositoryState;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The node's entities as the audit log has them after the records applied so far, in write
 * order. Each entity's state comes from that entity's own {@code apply}, so a replay cannot
 * disagree with what the entities recovered. Single-threaded: one replay owns one instance.
 */
public final class JournalState {
  private final Map<ImageId, ImageState> images = new HashMap<>();
  private final Map<String, RepositoryState> repositories = new HashMap<>();
  private final Map<String, LayerState> layers = new HashMap<>();
  private final Map<String, ContainerState> containers = new HashMap<>();
  private final Map<String, JournalRecord> openSagas = new LinkedHashMap<>();
  private final Set<String> otherEntities = new HashSet<>();
  private JournalRecord gap;
  private long offset;
  private Instant written = Instant.EPOCH;
  private long presentImages;

  /**
   * Applies the next record of the log. Returns the state its entity had before (an image's,
   * layer's or container's; null for the first record of one, and for other records), so that
   * a caller sees what changed without a second lookup.
   */
  public Object apply(JournalRecord record) {
    offset = record.offset();
    written = record.written();
    Object event = record.event();
    String id = record.entityId();
    Object before = null;
    boolean first;
    if (event instanceof ImageEvent e) {
      ImageId image = ImageId.parse(id);
      ImageState old = images.get(image);
      ImageState after = (old == null ? ImageState.absent() : old).apply(e);
      images.put(image, after);
      presentImages += (after.isPresent() ? 1 : 0) - (old != null && old.isPresent() ? 1 : 0);
      before = old;
      first = old == null;
    } else if (event instanceof RepositoryEvent e) {
      RepositoryState old = repositories.get(id);
      repositories.put(id, (old == null ? RepositoryState.empty() : old).apply(e));
      first = old == null;
    } else if (event instanceof LayerEvent e) {
      LayerState old = layers.get(id);
      layers.put(id, (old == null ? LayerState.absent() : old).apply(e));
      before = old;
      first = old == null;
    } else if (event instanceof ContainerEvent e) {
      ContainerState old = containers.get(id);
      containers.put(id, (old == null ? ContainerState.absent() : old).apply(e));
      before = old;
      first = old == null;
    } else {
      first = applyOther(record);
    }
    if (first && record.sequenceNr() != 1 && gap == null) {
      gap = record;
    }
    return before;
  }

  /**
   * Sagas and operations open and close; other entities (prunes) are remembered as seen.
   * Returns whether the record is the first of its entity in the log.
   */
  private boolean applyOther(JournalRecord record) {
    Object event = record.event();
    String pid = record.persistenceId();
    if (event instanceof DeletionEvent.Started || event instanceof OperationEvent.Started) {
      openSagas.put(pid, record);
      return true;
    } else if (event instanceof DeletionEvent || event instanceof OperationEvent) {
      return openSagas.remove(pid) == null;
    }
    return otherEntities.add(pid);
  }

  /**
   * The first record that did not follow its entity's previous one (an entity whose events
   * began before the {@code audit} tag existed): from there the state is partial.
   */
  public Optional<JournalRecord> gap() {
    return Optional.ofNullable(gap);
  }

  /** The offset of the last record applied; 0 before the first. */
  public long offset() {
    return offset;
  }

  /** When the last record applied was written. */
  public Instant written() {
    return written;
  }

  /** Whether no delete saga or operation is between its start and its end. */
  public boolean quiescent() {
    return openSagas.isEmpty();
  }

  /** The {@code Started} records of the sagas and operations not ended yet, oldest first. */
  public Map<String, JournalRecord> openSagas() {
    return Collections.unmodifiableMap(openSagas);
  }

  public long presentImages() {
    return presentImages;
  }

  public ImageState image(ImageId id) {
    return images.getOrDefault(id, ImageState.absent());
  }

  /** Reference (its full string) to image, in repository {@code name}. */
  public Map<String, ImageId> repository(String name) {
    return repositories.getOrDefault(name, RepositoryState.empty()).references();
  }

  public LayerState layer(String chainId) {
    return layers.getOrDefault(chainId, LayerState.absent());
  }

  public ContainerState container(String id) {
    return containers.getOrDefault(id, ContainerState.absent());
  }

  /** Every image the log ever named, present or not. */
  public Map<ImageId, ImageState> images() {
    return Collections.unmodifiableMap(images);
  }

  /** The names of every repository the log ever named. */
  public Set<String> repositoryNames() {
    return Collections.unmodifiableSet(repositories.keySet());
  }

  public Map<String, LayerState> layers() {
    return Collections.unmodifiableMap(layers);
  }

  public Map<String, ContainerState> containers() {
    return Collections.unmodifiableMap(containers);
  }

  /** The image a reference's repository says it names now. */
  public Optional<ImageId> resolve(NamedReference reference) {
    return Optional.ofNullable(repository(reference.repository().name())
        .get(reference.toString()));
  }
}
