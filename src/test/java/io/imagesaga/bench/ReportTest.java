package io.imagesaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  private static final MachineInfo MACHINE = new MachineInfo("AMD EPYC", 2, "23.5 GiB",
      "Linux kernel 6", "OpenJDK 17", "ext4 on /dev/vda", "2026-12-05T06:00:00Z");

  @Test
  void the_report_has_the_machine_the_command_the_table_and_the_plots(@TempDir Path dir)
      throws Exception {
    List<Figure> figures = List.of(Figures.load(3000, 34.0), Figure.plain("x", "1 ms"));
    List<Report.Chart> charts = Report.latencyCharts(List.of(new RmiLatency.AtSize(1000, 1200,
        1.0, new LatencySummary(10, 2, 3, 4, 1), new LatencySummary(10, 3, 4, 5, 1))));
    String md = Report.markdown(MACHINE, "bench-suite --quick", figures, charts,
        List.of("a note"));
    assertThat(md).contains("- CPU: AMD EPYC × 2", "- Data dir: ext4 on /dev/vda",
        "`bench-suite --quick`", "| figure | measured | target | verdict |",
        "| `docker load` of 3k one-layer images (one tar, HTTP) | 34.0 s = 88 images/s "
            + "| ≥ 1,000 images/s | **missed** |", "a note",
        "![rmi p50 against catalog size](benchmarks/rmi-p50.svg)",
        "(benchmarks/rmi-p99.svg)");

    Path output = dir.resolve("BENCHMARKS.md");
    Report.write(output, md, charts);
    assertThat(output).hasContent(md);
    assertThat(dir.resolve("benchmarks/rmi-p50.svg")).content().startsWith("<svg");
    assertThat(dir.resolve("benchmarks/rmi-p99.svg")).exists();
  }

  @Test
  void the_live_heap_is_the_class_histogram_total() {
    assertThat(ColdStart.histogramTotal("""
        12345:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:        100000        8000000  [B (java.base@17.0.15)
        Total       1234567      123456789
        """)).isEqualTo(123456789L);
  }

  @Test
  void jmh_results_become_rows(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("jmh.json");
    Files.writeString(json, """
        [{"benchmark": "io.imagesaga.jmh.ReferenceBench.parseFamiliar",
          "params": {"name": "busybox"},
          "primaryMetric": {"score": 412.5, "scoreError": 3.25, "scoreUnit": "ns/op"}}]
        """);
    List<Figure> rows = Jmh.figures(new ObjectMapper().readTree(json.toFile()));
    assertThat(rows).extracting(Figure::name, Figure::shown).containsExactly(
        org.assertj.core.groups.Tuple.tuple("JMH `ReferenceBench.parseFamiliar` (name=busybox)",
            "412.500 ± 3.250 ns/op"));
  }
}
