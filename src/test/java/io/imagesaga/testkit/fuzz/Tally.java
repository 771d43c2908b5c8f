package io.imagesaga.testkit.fuzz;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How the cases ended: by outcome ({@code 200}, {@code stream error}, ...) and family. */
public final class Tally {
  private final Map<String, Integer> byOutcome = new TreeMap<>();
  private final Map<String, Map<String, Integer>> byFamily = new TreeMap<>();
  private final Map<String, Long> nanosByFamily = new TreeMap<>();
  private int cases;

  /** A case of {@code family} that ended as {@code outcome}, its checks included in its time. */
  public void add(String family, String outcome, long nanos) {
    cases++;
    String outer = family.replaceAll("\\+.*", "");
    byOutcome.merge(outcome, 1, Integer::sum);
    byFamily.computeIfAbsent(outer, f -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
    nanosByFamily.merge(outer, nanos, Long::sum);
  }

  public int cases() {
    return cases;
  }

  /** One line per outcome, then one per family. */
  public String summary() {
    StringBuilder out = new StringBuilder("outcomes: ").append(line(byOutcome)).append('\n');
    byFamily.forEach((family, outcomes) -> out.append("  ").append(family).append(" (")
        .append(nanosByFamily.get(family) / 1_000_000 / outcomes.values().stream()
            .mapToInt(Integer::intValue).sum()).append(" ms each): ")
        .append(line(outcomes)).append('\n'));
    return out.toString();
  }

  private static String line(Map<String, Integer> counts) {
    return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
