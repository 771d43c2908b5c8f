package io.imagesaga.crash;

import io.imagesaga.audit.AuditJournal;
import io.imagesaga.audit.InvariantCheck;
import io.imagesaga.testkit.NodeDriver;
import java.util.List;

/**
 * {@code audit verify} over the harness's journal after each round: replaying every event since
 * the first round, crashes included, must find the invariants held wherever no change was in
 * flight, as the harness's own checks of the live state do. A disagreement is a violation
 * ({@code V}) of one or the other.
 */
final class AuditReplayCheck {
  private AuditReplayCheck() {}

  static List<Violation> check(NodeDriver node) {
    AuditJournal journal = new AuditJournal(node.node().system(),
        node.node().settings().readJournalPluginId());
    InvariantCheck check = new InvariantCheck();
    NodeDriver.await(journal.records(0).takeWhile(record -> check.violation().isEmpty())
        .runForeach(check::apply, node.node().system()));
    return check.violation().map(v -> List.of(Violation.of("V", "audit verify: invariant "
        + v.invariant() + " after #" + v.after().offset() + " " + v.after().persistenceId()
        + ": " + v.description()))).orElse(List.of());
  }
}
