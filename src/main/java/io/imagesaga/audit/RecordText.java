package io.imagesaga.audit;

/** One record as a line of {@code audit} output: when, where in the log, whose, what. */
public final class RecordText {
  private RecordText() {}

  /**
   * {@code 2026-12-01T18:02:11.532Z  #1042  Image 7eb63048bf25  untagged app:1}: the journal's
   * write time, the offset, the entity (IDs short), and {@link EventSummary what happened}.
   */
  public static String line(JournalRecord record) {
    return record.written() + "  #" + record.offset() + "  " + entity(record) + "  "
        + EventSummary.of(record.event());
  }

  private static String entity(JournalRecord record) {
    String id = record.entityId();
    String shown = switch (record.entityType()) {
      case "Image", "Layer" -> id.substring(id.indexOf(':') + 1, Math.min(id.length(),
          id.indexOf(':') + 13));
      case "Container" -> id.substring(0, Math.min(12, id.length()));
      case "Deletion", "Operation" -> id.substring(0, Math.min(8, id.length()));
      default -> id;
    };
    return record.entityType() + " " + shown;
  }
}
