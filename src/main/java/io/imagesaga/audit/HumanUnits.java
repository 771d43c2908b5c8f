package io.imagesaga.audit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;

/** The docker CLI's human units (go-units {@code HumanDuration} and {@code HumanSize}). */
public final class HumanUnits {
  private static final String[] SIZE_UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

  private HumanUnits() {}

  /** {@code 3 days}, {@code About an hour}, as {@code docker images} says how long ago. */
  public static String duration(Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    long minutes = seconds / 60;
    long hours = Math.round(seconds / 3600.0);
    if (seconds < 1) {
      return "Less than a second";
    } else if (seconds < 60) {
      return seconds == 1 ? "1 second" : seconds + " seconds";
    } else if (minutes < 60) {
      return minutes == 1 ? "About a minute" : minutes + " minutes";
    } else if (hours < 48) {
      return hours == 1 ? "About an hour" : hours + " hours";
    } else if (hours < 24 * 7 * 2) {
      return hours / 24 + " days";
    } else if (hours < 24 * 30 * 2) {
      return hours / 24 / 7 + " weeks";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 / 30 + " months";
    }
    return seconds / 3600 / 24 / 365 + " years";
  }

  /** {@code 7.47MB}: decimal units, three significant digits, as {@code docker images}. */
  public static String size(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros();
    return rounded.toPlainString() + SIZE_UNITS[unit];
  }
}
