package io.imagesaga.journal;

import com.typesafe.config.Config;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iq80.leveldb.WriteBatch;

/**
 * A group-commit journal whose disk takes as long as a test says: while {@link #gate} is closed,
 * the writer thread is inside its LevelDB write, as during a long fsync.
 */
public final class GatedJournal extends GroupCommitJournal {
  /** Closed: writes wait; a test opens it by counting down. Static: the journal is Pekko's. */
  static volatile CountDownLatch gate = new CountDownLatch(0);
  /** Counted down when a write reaches the closed gate. */
  static volatile CountDownLatch entered = new CountDownLatch(1);

  public GatedJournal(Config config) {
    super(config);
  }

  @Override
  protected void write(WriteBatch batch) {
    entered.countDown();
    try {
      if (!gate.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    super.write(batch);
  }
}
