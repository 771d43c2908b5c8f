package io.imagesaga.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JMH micro-benchmarks (built only with {@code -Pjmh}), run briefly in a child JVM from
 * their jar: one fork, two warm-up and three measured iterations of a second each. Enough to
 * see an order of magnitude in the report; a careful figure takes JMH's defaults.
 */
final class Jmh {
  private Jmh() {}

  static List<Figure> run(Path jar, ScratchDirs scratch) throws Exception {
    Path dir = scratch.create("imagesaga-bench-jmh");
    Path results = dir.resolve("jmh.json");
    Process jmh = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", jar.toString(), "org.openjdk.jmh.Main", "-f", "1", "-wi", "2",
        "-w", "1s", "-i", "3", "-r", "1s", "-rf", "json", "-rff", results.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("jmh.log").toFile()).start();
    scratch.closeFirst(() -> jmh.destroyForcibly().waitFor());
    if (jmh.waitFor() != 0) {
      throw new IOException("JMH exited with " + jmh.exitValue() + " (log: " + dir
          + "/jmh.log, kept only with --keep)");
    }
    List<Figure> figures = figures(new ObjectMapper().readTree(results.toFile()));
    scratch.release(dir);
    return figures;
  }

  /** One row per benchmark and parameter set of JMH's JSON result. */
  static List<Figure> figures(JsonNode results) {
    List<Figure> rows = new ArrayList<>();
    for (JsonNode result : results) {
      String name = result.path("benchmark").asText();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      StringBuilder params = new StringBuilder();
      for (Iterator<Map.Entry<String, JsonNode>> it = result.path("params").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> param = it.next();
        params.append(params.length() == 0 ? " (" : ", ").append(param.getKey()).append('=')
            .append(param.getValue().asText());
      }
      if (params.length() > 0) {
        params.append(')');
      }
      JsonNode metric = result.path("primaryMetric");
      rows.add(Figure.plain("JMH `" + name + "`" + params, String.format(Locale.ROOT,
          "%,.3f ± %,.3f %s", metric.path("score").asDouble(),
          metric.path("scoreError").asDouble(), metric.path("scoreUnit").asText())));
    }
    return rows;
  }
}
