package io.imagesaga.api;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.audit.HistoryQuery;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The query parameters of the audit routes, read into what the audit folds take; a value they
 * cannot take is a 400 naming the parameter, before anything is read.
 */
final class AuditParameters {
  private AuditParameters() {}

  /** {@code image}, {@code reference}, {@code client}, {@code since}, {@code until},
   * {@code after}, {@code limit} or {@code last} of {@code GET /imagesaga/audit/history}. */
  static HistoryQuery.Filter history(Map<String, String> query) {
    Optional<String> image = nonEmpty(query, "image");
    Optional<NamedReference> reference = nonEmpty(query, "reference")
        .map(AuditParameters::reference);
    if (image.isPresent() && reference.isPresent()) {
      throw invalid("give image or reference, not both: image takes a reference too");
    }
    return new HistoryQuery.Filter(image, reference, nonEmpty(query, "client"),
        time(query, "since"), time(query, "until"), offset(Optional.ofNullable(
            query.get("after"))), window(query));
  }

  /** {@code limit=N}: the first N records that fit; {@code last=N}: the last N; not both. */
  private static HistoryQuery.Window window(Map<String, String> query) {
    if (query.containsKey("limit") && query.containsKey("last")) {
      throw invalid("give limit or last, not both: the first or the last records");
    }
    return query.containsKey("last") ? HistoryQuery.Window.last(count("last", query.get("last")))
        : HistoryQuery.Window.first(count("limit", query.get("limit")));
  }

  /** {@code time} of {@code GET /imagesaga/audit/at}: needed. */
  static Instant at(Map<String, String> query) {
    return time(query, "time").orElseThrow(() -> invalid(
        "time is needed: RFC 3339 (2026-12-01T18:00:00Z) or unix seconds"));
  }

  /** {@code after}: a journal offset, 0 (the default) for the beginning. */
  static long offset(Optional<String> after) {
    String value = after.orElse("0");
    if (!value.matches("\\d{1,18}")) {
      throw invalid("invalid after offset \"" + value
          + "\": a journal offset (0 or more) is needed");
    }
    return Long.parseLong(value);
  }

  private static int count(String name, String value) {
    if (value == null) {
      return HistoryQuery.DEFAULT_LIMIT;
    }
    if (!value.matches("\\d{1,9}") || Integer.parseInt(value) < 1
        || Integer.parseInt(value) > HistoryQuery.MAX_LIMIT) {
      throw invalid("invalid " + name + " \"" + value + "\": a number of records from 1 to "
          + HistoryQuery.MAX_LIMIT + " is needed");
    }
    return Integer.parseInt(value);
  }

  private static Optional<Instant> time(Map<String, String> query, String name) {
    return nonEmpty(query, name).map(value -> Timestamps.parse(value, name));
  }

  /** As the reference store reads a name: tag {@code latest} by default, a digest over a tag. */
  private static NamedReference reference(String value) {
    try {
      return References.parseNormalizedNamed(value).withDefaultTag().favorDigest();
    } catch (InvalidReferenceException e) {
      throw invalid("invalid reference \"" + value + "\": " + e.getMessage());
    }
  }

  private static Optional<String> nonEmpty(Map<String, String> query, String name) {
    return Optional.ofNullable(query.get(name)).filter(value -> !value.isEmpty());
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
