package io.imagesaga.bench;

import io.imagesaga.journal.JournalThroughput;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TargetAndFiguresTest {

  @Test
  void a_bound_is_met_by_itself_and_not_past_it() {
    assertThat(Target.atMost(2.5, "ms").isMetBy(2.5)).isTrue();
    assertThat(Target.atMost(2.5, "ms").isMetBy(2.51)).isFalse();
    assertThat(Target.atLeast(2000, "deletes/s").isMetBy(2000)).isTrue();
    assertThat(Target.atLeast(2000, "deletes/s").isMetBy(1999.9)).isFalse();
  }

  @Test
  void a_target_reads_as_the_issue_wrote_it() {
    assertThat(Target.atMost(2.5, "ms")).hasToString("≤ 2.5 ms");
    assertThat(Target.atLeast(2000, "deletes/s")).hasToString("≥ 2,000 deletes/s");
    assertThat(Target.atMost(1.3, "")).hasToString("≤ 1.3");
  }

  @Test
  void a_100k_target_is_judged_only_on_a_run_that_reached_100k() {
    List<Figure> quick = Figures.rmi(List.of(at(1000, 1.0), at(10000, 1.1)));
    assertThat(quick).filteredOn(f -> f.target().isPresent())
        .allSatisfy(f -> assertThat(f.verdict()).startsWith("n/a"));

    List<Figure> full = Figures.rmi(List.of(at(1000, 2.0), at(10000, 2.1), at(100000, 3.0)));
    assertThat(verdict(full, "in-process `rmi` p50 at 100k images")).isEqualTo(Figure.MISSED);
    assertThat(verdict(full, "in-process `rmi` p50 at 1k images")).startsWith("n/a");
    // 3.0 / 2.0 = 1.5 > 1.3: the delete's cost grew with the catalog.
    assertThat(verdict(full, "in-process `rmi` p50, 100k / 1k")).isEqualTo(Figure.MISSED);
  }

  @Test
  void the_flatness_ratio_is_met_when_100k_costs_at_most_a_third_more_than_1k() {
    List<Figure> full = Figures.rmi(List.of(at(1000, 2.0), at(100000, 2.4)));
    assertThat(verdict(full, "in-process `rmi` p50, 100k / 1k")).isEqualTo(Figure.MET);
    assertThat(verdict(full, "in-process `rmi` p50 at 100k images")).isEqualTo(Figure.MET);
  }

  @Test
  void client_figures_are_judged_at_1_and_32_clients() {
    Map<Integer, LatencySummary> byClients = new LinkedHashMap<>();
    byClients.put(1, new LatencySummary(100, 2.0, 12.0, 20, 1));
    byClients.put(8, new LatencySummary(100, 5.0, 20.0, 30, 0.1));
    byClients.put(32, new LatencySummary(3000, 10.0, 20.0, 30, 1));
    List<Figure> rows = Figures.clients(byClients);
    assertThat(verdict(rows, "HTTP `rmi` by tag, 1 client: p50")).isEqualTo(Figure.MET);
    assertThat(verdict(rows, "HTTP `rmi` by tag, 1 client: p99")).isEqualTo(Figure.MISSED);
    assertThat(verdict(rows, "HTTP `rmi` by tag, 8 clients")).isEqualTo("-");
    assertThat(verdict(rows, "HTTP `rmi` by tag, 32 clients: deletes/s")).isEqualTo(Figure.MET);
    assertThat(verdict(rows, "HTTP `rmi` by tag, 32 clients: p99")).isEqualTo(Figure.MET);
  }

  @Test
  void group_commit_is_judged_as_a_share_of_the_fsync_off_rate_where_writers_are_many() {
    List<Figure> rows = Figures.journal(new JournalThroughput.Figures("j", "J", List.of(
        new JournalThroughput.Row(1, 300, 6000, 1), new JournalThroughput.Row(64, 7000, 10000, 30),
        new JournalThroughput.Row(256, 3200, 19400, 100))));

    assertThat(rows).extracting(Figure::verdict).containsExactly("-", Figure.MET, Figure.MISSED);
    assertThat(rows.get(1).shown()).contains("7,000/s (10,000/s) = 0.70 of fsync off");
  }


  @Test
  void heap_per_image_is_in_thousands_of_bytes() {
    ColdStart.Result r = new ColdStart.Result(4.0, new LatencySummary(5, 100, 200, 200, 1),
        100000, 190_000_000L);
    List<Figure> rows = Figures.coldStart(r, OptionalLong.empty());
    assertThat(rows).extracting(Figure::verdict).containsOnly(Figure.MET);
    assertThat(rows.get(2).shown()).isEqualTo("190 MB = 1.90 KB per image");
    assertThat(Figures.coldStart(r, OptionalLong.of(40_000_000L)).get(2).shown())
        .isEqualTo("190 MB = 1.90 KB per image (1.50 KB above an empty node's 40 MB)");
  }

  @Test
  void load_and_prune_figures() {
    assertThat(Figures.load(3000, 2.0).verdict()).isEqualTo(Figure.MET);
    assertThat(Figures.load(3000, 34.0).shown()).isEqualTo("34.0 s = 88 images/s");
    assertThat(Figures.chainPrune(1000, 2.5).verdict()).isEqualTo(Figure.MISSED);
  }

  @Test
  void a_failed_step_says_so_in_its_row() {
    Figure failed = Figure.failed("load", java.util.Optional.empty(),
        new IllegalStateException("load: 500\nmore"));
    assertThat(failed.shown()).isEqualTo("failed: load: 500");
  }

  private static RmiLatency.AtSize at(int size, double p50) {
    return new RmiLatency.AtSize(size, size, 1.0, new LatencySummary(10, p50, p50 * 3, p50 * 4,
        1), new LatencySummary(10, p50 + 1, p50 * 4, p50 * 5, 1));
  }

  private static String verdict(List<Figure> rows, String name) {
    return rows.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(
        () -> new AssertionError("no row " + name + " in " + rows)).verdict();
  }
}
