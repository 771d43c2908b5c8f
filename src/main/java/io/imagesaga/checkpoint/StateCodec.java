package io.imagesaga.checkpoint;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * A fold state's own encoding in a checkpoint, for the states a start reads by the hundred
 * thousand (images, layers): fixed fields in a fixed order, no field names, no reflection, and
 * the names many states share built once per file. A state it does not {@link #fits fit} is
 * written by Pekko's serializer, as every state was before, so a codec need only cover the
 * shapes that are common at rest.
 *
 * <p>Contract: {@code read} of what {@code write} wrote is a state equal to the one written.
 * The {@link #id} names the format: a codec whose format changes takes a new id, and the old
 * id is never reused (a checkpoint naming an unknown id is unreadable, so its tag is read from
 * the journal, as with any unusable checkpoint).
 */
public interface StateCodec<S> {
  /** 1 to 127, unique among the codecs a node has. */
  int id();

  /** The exact class of the states it writes. */
  Class<S> type();

  /** Whether it can write {@code state}; if not, the state goes to Pekko's serializer. */
  boolean fits(S state);

  void write(S state, DataOutput out) throws IOException;

  /**
   * @param shared for the whole file being read, by any key the codec chooses: values equal
   *     in many states (repository names) built and validated once, then shared
   */
  S read(DataInput in, Map<String, Object> shared) throws IOException;
}
