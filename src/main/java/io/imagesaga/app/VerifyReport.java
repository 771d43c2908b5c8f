package io.imagesaga.app;

import io.imagesaga.audit.AuditLog;
import io.imagesaga.audit.InvariantCheck;
import io.imagesaga.audit.JournalRecord;
import io.imagesaga.audit.JournalState;
import io.imagesaga.audit.RecordText;
import io.imagesaga.audit.Violation;
import java.io.PrintWriter;

/** What {@code audit verify} prints, and its exit status: 0 when the invariants held. */
final class VerifyReport {
  private VerifyReport() {}

  static int print(InvariantCheck check, AuditLog log, PrintWriter out) {
    JournalState state = check.state();
    if (state.gap().isPresent()) {
      JournalRecord gap = state.gap().get();
      out.printf("the log is incomplete: %s begins at its event %d (#%d); its earlier events "
          + "were journaled without the audit tag (by a build before it existed), so nothing "
          + "is checked from there; invariants held up to #%d%n", gap.persistenceId(),
          gap.sequenceNr(), gap.offset(), check.checkedAt());
      return 2;
    }
    if (check.violation().isPresent()) {
      Violation v = check.violation().get();
      out.printf("invariant %d violated after #%d (%s, %s):%n  %s%n", v.invariant(),
          v.after().offset(), v.after().written(), v.after().persistenceId(), v.description());
      out.println("the events of " + String.join(", ", new java.util.TreeSet<>(v.entities()))
          + ":");
      v.events(log).forEach(record -> out.println("  " + RecordText.line(record)));
      return 1;
    }
    out.printf("%,d events replayed: invariants 1-4 held at all %,d points where no change "
        + "was in flight (last: #%d)%n", state.offset(), check.checks(), check.checkedAt());
    if (!state.quiescent()) {
      out.printf("%d changes were still in flight at the end of the log (the node stopped "
          + "mid-way and has not started since); what follows #%d is not checked:%n",
          state.openSagas().size(), check.checkedAt());
      for (JournalRecord started : state.openSagas().values()) {
        out.println("  " + RecordText.line(started));
      }
    }
    return 0;
  }
}
