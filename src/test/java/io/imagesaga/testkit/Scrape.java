package io.imagesaga.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /metrics} in the Prometheus text format, read back: each sample by its
 * series as written ({@code name{label="value",...}}), comments left out.
 */
public final class Scrape {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{.*})?)"
      + " (\\S+)$");

  private final Map<String, Double> samples;

  private Scrape(Map<String, Double> samples) {
    this.samples = samples;
  }

  public static Scrape of(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      samples.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return new Scrape(samples);
  }

  /** The series' value; 0 if the scrape has no such series. */
  public double value(String series) {
    return samples.getOrDefault(series, 0.0);
  }

  public boolean has(String series) {
    return samples.containsKey(series);
  }

  public Map<String, Double> samples() {
    return samples;
  }
}
