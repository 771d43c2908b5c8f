package io.imagesaga.api;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Query values as dockerd reads them. */
final class Query {
  private static final Set<String> FALSE = Set.of("", "0", "no", "false", "none");

  private Query() {}

  /** moby's {@code httputils.BoolValue}: absent, empty, 0, no, false and none are false. */
  static boolean bool(Optional<String> value) {
    return value.map(v -> !FALSE.contains(v.trim().toLowerCase(Locale.ROOT))).orElse(false);
  }
}
