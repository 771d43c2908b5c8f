package io.imagesaga.checkpoint;

import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TagFold} gave over its tag up to and including the tag offset {@code offset}:
 * the kept states, by persistence ID.
 *
 * @param last the event at {@code offset} (empty while the tag had none): a checkpoint applies
 *     to a journal only if that event is still there, at that offset
 */
public record Checkpoint<S>(String tag, long offset, Optional<EventId> last,
    Map<String, S> states) {

  /** One journaled event: its entity and its sequence number there. */
  public record EventId(String persistenceId, long sequenceNr) {}

  /** Before the first event of {@code tag}. */
  public static <S> Checkpoint<S> start(String tag) {
    return new Checkpoint<>(tag, 0, Optional.empty(), Map.of());
  }
}
