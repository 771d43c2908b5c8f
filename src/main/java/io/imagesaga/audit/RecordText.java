package io.imagesaga.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One record as a line of {@code audit} output: when, where in the log, whose, what. */
public final class RecordText {
  private RecordText() {}

  /**
   * {@code 2026-12-01T18:02:11.532Z  #1042  Image|sha256:…  ImageEvent.Deleted  {...}}: the
   * event's fields as JSON, without its own time (the journal's is first on the line).
   */
  public static String line(JournalRecord record) {
    ObjectNode fields = JournalExport.JSON.valueToTree(record.event());
    fields.remove("at");
    return record.written() + "  #" + record.offset() + "  " + record.persistenceId() + "  "
        + EventTypes.name(record.event().getClass()) + "  " + fields;
  }
}
