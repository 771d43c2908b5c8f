package io.imagesaga.journal;

import com.typesafe.config.Config;
import java.io.IOException;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import scala.collection.immutable.Seq;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/** A group-commit journal whose disk fails every write, as a LevelDB write that throws does. */
public final class FailingJournal extends GroupCommitJournal {
  static final String FAILURE = "the disk is gone";

  public FailingJournal(Config config) {
    super(config);
  }

  @Override
  protected Future<Seq<Try<BoxedUnit>>> writeGroup(Seq<AtomicWrite> group) {
    return Futures.failed(new IOException(FAILURE));
  }
}
