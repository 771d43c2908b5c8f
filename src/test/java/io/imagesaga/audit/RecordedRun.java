package io.imagesaga.audit;

import io.imagesaga.model.DockerModel;
import io.imagesaga.modelcheck.Op;
import io.imagesaga.modelcheck.OpApplication;
import io.imagesaga.modelcheck.OpGenerator;
import io.imagesaga.modelcheck.Universe;
import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * One seeded random sequence, run on the model and on a node in step, with what the model's
 * catalog was after each operation and how far the node's audit log reached then. Points are
 * marked by offsets, not times: the journal's clock has millisecond resolution.
 */
record RecordedRun(long seed, Universe universe, List<Step> steps) {

  /**
   * One operation and what followed it.
   *
   * @param answer the model's answer, which the node gave too
   * @param rmiTarget for an {@code rmi}, the image its name named in the model just before
   * @param offset the audit log's last offset once the node had answered
   * @param catalog the model's catalog once it had applied the operation
   */
  record Step(int index, Op op, String answer, Optional<ImageId> rmiTarget, long offset,
      CatalogSnapshot catalog) {

    @Override
    public String toString() {
      return index + ": " + op + " @" + offset + "\n     -> " + answer.replace("\n", " | ");
    }
  }

  /** Runs {@code operations} steps of sequence {@code seed}; fails as soon as the node differs. */
  static RecordedRun run(long seed, int operations, NodeDriver node) {
    Universe universe = new Universe();
    OpGenerator generator = new OpGenerator(seed, universe);
    DockerModel model = new DockerModel();
    RecordedRun run = new RecordedRun(seed, universe, new ArrayList<>());
    ActorSystem<?> system = node.node().system();
    AuditJournal journal = new AuditJournal(system,
        node.node().settings().readJournalPluginId());
    long offset = lastOffset(journal, 0, system);
    for (int i = 0; i < operations; i++) {
      Op op = generator.next(model);
      Optional<ImageId> target = op instanceof Op.Rmi rmi ? model.resolve(rmi.name())
          : Optional.empty();
      String expected = OpApplication.toModel(model, op);
      String actual = OpApplication.toNode(node, op);
      offset = lastOffset(journal, offset, system);
      run.steps().add(new Step(i, op, expected, target, offset, CatalogSnapshot.of(model)));
      if (!expected.equals(actual)) {
        throw new AssertionError(run.describe() + "\nthe node answered:\n" + actual);
      }
    }
    return run;
  }

  /**
   * The offset of the last record written so far, reading on from {@code after}; each record
   * read must come after the one before it (and after {@code after}).
   */
  private static long lastOffset(AuditJournal journal, long after, ActorSystem<?> system) {
    return NodeDriver.await(journal.records(after).runFold(after, (last, record) -> {
      if (record.offset() <= last) {
        throw new IllegalStateException("record " + record + " read after offset " + last);
      }
      return record.offset();
    }, system));
  }

  /** The seed and every step so far, for a failure message. */
  String describe() {
    StringBuilder out = new StringBuilder("seed " + seed + ":");
    steps.forEach(step -> out.append('\n').append(step));
    return out.toString();
  }
}
