package io.imagesaga.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The audit log as JSON Lines, for shipping to a log system and for reading a running node's
 * log over HTTP: one object per event with its offset, the entity it belongs to, its place in
 * that entity's history, when it was written, its type ({@code ImageEvent.Deleted}) and its
 * fields. The event classes read the {@code event} objects back, so an export round-trips.
 */
public final class JournalExport {
  /**
   * ISO-8601 times, {@code Optional} as value or null; fields a newer build added are ignored
   * on reading, as the journal's own serializer does.
   */
  static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private JournalExport() {}

  /** One exported event. */
  public record Line(long offset, String persistenceId, long sequenceNr, Instant written,
      String type, JsonNode event) {}

  /** The JSON text of one record, without the line break. */
  public static String text(JournalRecord record) {
    try {
      return JSON.writeValueAsString(line(record));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Line line(JournalRecord record) {
    return new Line(record.offset(), record.persistenceId(), record.sequenceNr(),
        record.written(), type(record.event()), JSON.valueToTree(record.event()));
  }

  /**
   * A page of {@code GET /imagesaga/audit/history}: {@code {"records": [...], "next": <offset>}},
   * each record as {@link #text(JournalRecord)} writes it plus a {@code summary}, the line
   * {@code audit history} prints for it (with who asked, on a request's start).
   */
  public static String page(List<JournalRecord> records, long next) {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode lines = page.putArray("records");
    for (JournalRecord record : records) {
      ObjectNode line = JSON.valueToTree(line(record));
      lines.add(line.put("summary", EventSummary.of(record.event())));
    }
    return page.put("next", next).toString();
  }

  /**
   * {@link #text(JournalRecord)} with a leading {@code host} field: a record of the fleet's
   * audit log. {@link #parse} reads it back (without the host).
   */
  public static String text(String host, JournalRecord record) {
    ObjectNode line = JSON.createObjectNode().put("host", host);
    line.setAll((ObjectNode) JSON.valueToTree(line(record)));
    return line.toString();
  }

  /** The type name an export gives {@code event} ({@code ImageEvent.Deleted}). */
  public static String type(Object event) {
    return EventTypes.name(event.getClass());
  }

  /** The {@code event} object of an export, as JSON text. */
  public static String eventText(Object event) {
    try {
      return JSON.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The record whose event is {@code eventText} of type {@code type}, as {@link #type} and
   * {@link #eventText} wrote them.
   *
   * @throws IllegalArgumentException if they are not an imagesaga event
   */
  public static JournalRecord record(long offset, String persistenceId, long sequenceNr,
      Instant written, String type, String eventText) {
    try {
      return new JournalRecord(offset, persistenceId, sequenceNr, written,
          JSON.readValue(eventText, EventTypes.named(type)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a journal event of type " + type + ": "
          + e.getOriginalMessage(), e);
    }
  }

  /** {@code document} as indented JSON. */
  public static String pretty(Object document) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The record one exported line holds.
   *
   * @throws IllegalArgumentException if the line is not an exported imagesaga event
   */
  public static JournalRecord parse(String text) {
    try {
      Line line = JSON.readValue(text, Line.class);
      Object event = JSON.treeToValue(line.event(), EventTypes.named(line.type()));
      return new JournalRecord(line.offset(), line.persistenceId(), line.sequenceNr(),
          line.written(), event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not an exported journal line: "
          + e.getOriginalMessage(), e);
    }
  }
}
