package io.imagesaga.bench;

import java.util.Optional;

/**
 * One row of the report: what was measured, its value as shown, and its target with the
 * verdict. A figure measured where its target does not apply (a 100k target at 10k images)
 * says so instead of a verdict; one whose measurement failed says why.
 */
public record Figure(String name, String shown, Optional<Target> target, String verdict) {

  public static final String MET = "met";
  public static final String MISSED = "**missed**";

  /** A figure with no target. */
  public static Figure plain(String name, String shown) {
    return new Figure(name, shown, Optional.empty(), "-");
  }

  /** A figure judged against {@code target}: {@code value} is in the target's unit. */
  public static Figure judged(String name, String shown, double value, Target target) {
    return new Figure(name, shown, Optional.of(target), target.isMetBy(value) ? MET : MISSED);
  }

  /** A figure whose target could not be judged here, and why. */
  public static Figure unjudged(String name, String shown, Target target, String why) {
    return new Figure(name, shown, Optional.of(target), why);
  }

  /** A measurement that did not finish: its row says what went wrong. */
  public static Figure failed(String name, Optional<Target> target, Throwable failure) {
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName()
        : failure.getMessage();
    return new Figure(name, "failed: " + message.lines().findFirst().orElse(""), target, "-");
  }

  public String targetText() {
    return target.map(Target::toString).orElse("-");
  }
}
