package io.imagesaga.journal;

import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.pekko.persistence.journal.leveldb.Key;
import org.apache.pekko.persistence.journal.leveldb.LeveldbJournal;
import org.iq80.leveldb.DBIterator;
import scala.Function1;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Pekko's LevelDB journal with its map of persistence IDs to their numbers read into a
 * {@link HashMap} at start instead of a Scala immutable map built one entry at a time, which
 * copied a path of the map's trie per persistence ID: with a few hundred thousand IDs that was
 * the largest single cost of a start after the checkpoints. The same keys and values on disk
 * (a mapping key per number, from 10 up, holding the ID), the same numbers handed out (the next
 * is the count of IDs plus 10) and the same notifications to {@code persistenceIds} queries.
 *
 * <p>Pekko's own read of the map happens inside its {@code preStart}, which a subclass cannot
 * skip: while it runs, the iterator it asks for is empty, so it reads nothing; this class then
 * reads the map itself. Nothing else iterates during {@code preStart}.
 */
public abstract class IdMapJournal extends LeveldbJournal {
  /** Pekko's {@code LeveldbIdMapping.idOffset}: numbers below are its counters'. */
  private static final int ID_OFFSET = 10;

  private final Map<String, Integer> ids = new HashMap<>();
  private boolean starting;

  protected IdMapJournal(Config config) {
    super(config);
  }

  @Override
  public void preStart() {
    starting = true;
    try {
      super.preStart();
    } finally {
      starting = false;
    }
    readIds();
  }

  @Override
  public <R> R withIterator(Function1<DBIterator, R> body) {
    return starting ? body.apply(new EmptyIterator()) : super.withIterator(body);
  }

  /** Thread-safe, as Pekko's: replays ask for numbers from futures off the actor. */
  @Override
  public int numericId(String id) {
    synchronized (ids) {
      Integer known = ids.get(id);
      if (known != null) {
        return known;
      }
      int assigned = ids.size() + ID_OFFSET;
      ids.put(id, assigned);
      leveldb().put(Key.keyToBytes(Key.mappingKey(assigned)),
          id.getBytes(StandardCharsets.UTF_8));
      newPersistenceIdAdded(id);
      return assigned;
    }
  }

  @Override
  public boolean isNewPersistenceId(String id) {
    synchronized (ids) {
      return !ids.containsKey(id);
    }
  }

  @Override
  public scala.collection.immutable.Set<String> allPersistenceIds() {
    synchronized (ids) {
      return CollectionConverters.asScala(ids.keySet()).toSet();
    }
  }

  private void readIds() {
    Map<String, Integer> read = super.withIterator(iterator -> {
      Map<String, Integer> found = new HashMap<>();
      iterator.seek(Key.keyToBytes(Key.mappingKey(ID_OFFSET)));
      while (iterator.hasNext()) {
        Map.Entry<byte[], byte[]> entry = iterator.next();
        Key key = Key.keyFromBytes(entry.getKey());
        if (!Key.isMappingKey(key)) {
          break;
        }
        found.put(new String(entry.getValue(), StandardCharsets.UTF_8), key.mappingId());
      }
      return found;
    });
    synchronized (ids) {
      ids.putAll(read);
    }
  }

  /** What Pekko's read of the map iterates while this class reads it instead. */
  private static final class EmptyIterator implements DBIterator {
    @Override
    public void seek(byte[] key) {}

    @Override
    public void seekToFirst() {}

    @Override
    public void seekToLast() {}

    @Override
    public boolean hasNext() {
      return false;
    }

    @Override
    public Map.Entry<byte[], byte[]> next() {
      throw new NoSuchElementException();
    }

    @Override
    public Map.Entry<byte[], byte[]> peekNext() {
      throw new NoSuchElementException();
    }

    @Override
    public boolean hasPrev() {
      return false;
    }

    @Override
    public Map.Entry<byte[], byte[]> prev() {
      throw new NoSuchElementException();
    }

    @Override
    public Map.Entry<byte[], byte[]> peekPrev() {
      throw new NoSuchElementException();
    }

    @Override
    public void close() {}
  }
}
