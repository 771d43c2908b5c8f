package io.imagesaga.journal;

import com.typesafe.config.Config;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.WriteBatch;

/** A group-commit journal whose disk fails every write, as LevelDB reports it. */
public final class FailingJournal extends GroupCommitJournal {
  static final String FAILURE = "IO error: the disk is gone";

  public FailingJournal(Config config) {
    super(config);
  }

  @Override
  protected void write(WriteBatch batch) {
    throw new DBException(FAILURE);
  }
}
