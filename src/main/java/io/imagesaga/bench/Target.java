package io.imagesaga.bench;

import java.util.Locale;

/**
 * A figure's goal: a bound it must stay under or reach, shown as the issue that set it wrote it
 * ({@code ≤ 2.5 ms}).
 */
public record Target(Bound bound, double limit, String unit) {

  public enum Bound { AT_MOST, AT_LEAST }

  public static Target atMost(double limit, String unit) {
    return new Target(Bound.AT_MOST, limit, unit);
  }

  public static Target atLeast(double limit, String unit) {
    return new Target(Bound.AT_LEAST, limit, unit);
  }

  /** Whether {@code measured}, in this target's unit, meets it; the bound itself does. */
  public boolean isMetBy(double measured) {
    return bound == Bound.AT_MOST ? measured <= limit : measured >= limit;
  }

  @Override
  public String toString() {
    String number = limit == Math.rint(limit) && Math.abs(limit) < 1e15
        ? String.format(Locale.ROOT, "%,d", (long) limit)
        : String.format(Locale.ROOT, "%s", limit);
    return (bound == Bound.AT_MOST ? "≤ " : "≥ ") + number + (unit.isEmpty() ? "" : " " + unit);
  }
}
