package io.imagesaga.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code BENCHMARKS.md} and its plots: the machine, the command that produced it, the table of
 * figures with their targets, and each chart as an SVG file in {@code benchmarks/} beside it.
 */
final class Report {
  /** A chart to write, named by its file. */
  record Chart(String file, String caption, String svg) {}

  private Report() {}

  static String markdown(MachineInfo machine, String command, List<Figure> figures,
      List<Chart> charts, List<String> notes) {
    StringBuilder md = new StringBuilder("# Benchmarks\n\n");
    md.append("Written by `").append(command).append("`; what each figure measures and how: ")
        .append("docs/performance.md, \"Benchmarks\".\n\n## Machine\n\n");
    machine.lines().forEach(line -> md.append("- ").append(line).append('\n'));
    md.append("\n## Figures\n\n").append(table(figures));
    if (!notes.isEmpty()) {
      md.append('\n');
      notes.forEach(note -> md.append(note).append("\n\n"));
    }
    for (Chart chart : charts) {
      md.append("\n![").append(chart.caption()).append("](benchmarks/").append(chart.file())
          .append(")\n");
    }
    return md.toString();
  }

  static String table(List<Figure> figures) {
    MarkdownTable table = new MarkdownTable("figure", "measured", "target", "verdict");
    figures.forEach(f -> table.row(f.name(), f.shown(), f.targetText(), f.verdict()));
    return table.toString();
  }

  static void write(Path output, String markdown, List<Chart> charts) throws IOException {
    Path dir = output.toAbsolutePath().getParent();
    Files.createDirectories(dir.resolve("benchmarks"));
    for (Chart chart : charts) {
      Files.writeString(dir.resolve("benchmarks").resolve(chart.file()), chart.svg());
    }
    Files.writeString(output, markdown);
  }

  /**
   * rmi latency against catalog size, in-process and over HTTP: p50 and p99 on charts of their
   * own, so that a slow tail does not flatten the medians.
   */
  static List<Chart> latencyCharts(List<RmiLatency.AtSize> sizes) {
    return List.of(latencyChart(sizes, "p50", LatencySummary::p50Millis),
        latencyChart(sizes, "p99", LatencySummary::p99Millis));
  }

  private static Chart latencyChart(List<RmiLatency.AtSize> sizes, String percentile,
      ToDoubleFunction<LatencySummary> value) {
    List<SvgChart.Point> inProcess = new ArrayList<>();
    List<SvgChart.Point> http = new ArrayList<>();
    for (RmiLatency.AtSize at : sizes) {
      inProcess.add(new SvgChart.Point(at.size(), value.applyAsDouble(at.inProcess())));
      http.add(new SvgChart.Point(at.size(), value.applyAsDouble(at.http())));
    }
    String title = "rmi " + percentile + " against catalog size";
    String svg = new SvgChart(title, "images in the catalog", percentile + " ms", true)
        .render(List.of(new SvgChart.Series("in-process", inProcess),
            new SvgChart.Series("HTTP, 1 client", http)));
    return new Chart("rmi-" + percentile + ".svg", title, svg);
  }

  /** Deletes per second, and their p50 and p99, against parallel HTTP clients. */
  static List<Chart> clientCharts(Map<Integer, LatencySummary> byClients) {
    List<SvgChart.Point> rate = new ArrayList<>();
    List<SvgChart.Point> p50 = new ArrayList<>();
    List<SvgChart.Point> p99 = new ArrayList<>();
    byClients.forEach((clients, s) -> {
      rate.add(new SvgChart.Point(clients, s.perSecond()));
      p50.add(new SvgChart.Point(clients, s.p50Millis()));
      p99.add(new SvgChart.Point(clients, s.p99Millis()));
    });
    return List.of(
        new Chart("deletes-per-second.svg", "deletes per second against HTTP clients",
            new SvgChart("rmi throughput against HTTP clients", "parallel keep-alive clients",
                "deletes/s", true).render(List.of(new SvgChart.Series("deletes/s", rate)))),
        new Chart("delete-latency-by-clients.svg", "delete latency against HTTP clients",
            new SvgChart("rmi latency against HTTP clients", "parallel keep-alive clients",
                "ms", true).render(List.of(new SvgChart.Series("p50", p50),
                new SvgChart.Series("p99", p99)))));
  }
}
