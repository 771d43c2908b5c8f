package io.imagesaga.api;

import java.util.Optional;

/** The Engine API versions served, and dockerd's words for the ones that are not. */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
  public static final ApiVersion MIN = new ApiVersion(1, 24);
  public static final ApiVersion MAX = new ApiVersion(1, 50);
  /** What {@code /_ping} advertises: the CLI then speaks it without legacy fields. */
  public static final ApiVersion DEFAULT = new ApiVersion(1, 47);

  public static Optional<ApiVersion> parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 2) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ApiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Empty when served; otherwise the 400 message of moby's version middleware. */
  public Optional<String> unsupported() {
    if (compareTo(MIN) < 0) {
      return Optional.of("client version " + this + " is too old. Minimum supported API version is "
          + MIN + ", please upgrade your client to a newer version");
    }
    if (compareTo(MAX) > 0) {
      return Optional.of("client version " + this + " is too new. Maximum supported API version is "
          + MAX);
    }
    return Optional.empty();
  }

  @Override
  public int compareTo(ApiVersion other) {
    return major != other.major ? Integer.compare(major, other.major)
        : Integer.compare(minor, other.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
