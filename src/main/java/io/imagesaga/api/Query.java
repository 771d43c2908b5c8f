package io.imagesaga.api;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import io.imagesaga.reference.ImageId;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Query values as dockerd reads them. */
final class Query {
  private static final Set<String> FALSE = Set.of("", "0", "no", "false", "none");

  private Query() {}

  /** A full image ID, with or without {@code sha256:}, else a 400 naming the parameter. */
  static ImageId imageId(String parameter, String value) {
    String hex = value.startsWith("sha256:") ? value.substring("sha256:".length()) : value;
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new RejectedException(new Rejection.InvalidParameter(
          "invalid " + parameter + " image ID \"" + value
              + "\": a full sha256 image ID is needed"));
    }
    return ImageId.parse(hex);
  }

  /**
   * Go's {@code strconv.Atoi}, with its error text. dockerd returns that error untyped (a 500);
   * the value is the client's mistake, so it is a 400 here.
   */
  static int integer(String value) {
    if (!value.matches("[+-]?\\d{1,9}")) {
      throw new RejectedException(new Rejection.InvalidParameter(
          "strconv.Atoi: parsing \"" + value + "\": invalid syntax"));
    }
    return Integer.parseInt(value);
  }

  /** moby's {@code httputils.BoolValue}: absent, empty, 0, no, false and none are false. */
  static boolean bool(Optional<String> value) {
    return value.map(v -> !FALSE.contains(v.trim().toLowerCase(Locale.ROOT))).orElse(false);
  }
}
