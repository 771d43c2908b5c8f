package io.imagesaga.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How long the web view takes in headless Chromium on a running node (docs/ui.md,
 * "Measuring"): per page load the wall time from navigation to the rendered graph, and the
 * page's own {@code window.imagesagaTimings} (fetching both lists, building and rendering the
 * tree, a search and its re-render, the timeline's first page). Prints the median, min and max of each. A benchmark, not
 * a test:
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/test.classpath) \
 *   io.imagesaga.ui.WebViewMeasure http://127.0.0.1:2375 5 load:42 bulk</pre>
 */
public final class WebViewMeasure {
  private WebViewMeasure() {}

  public static void main(String[] args) throws Exception {
    String node = args.length > 0 ? args[0] : "http://127.0.0.1:2375";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<String> searches = args.length > 2 ? List.of(args).subList(2, args.length)
        : List.of("load:42", "bulk");
    Map<String, List<Double>> figures = new LinkedHashMap<>();
    try (HeadlessChromium chromium = new HeadlessChromium()) {
      ChromeDriver browser = chromium.driver();
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(2));
      for (int run = 0; run < runs; run++) {
        long start = System.nanoTime();
        browser.get(node + "/ui/");
        wait.until(d -> d.findElement(By.cssSelector("body[data-graph=ready]")));
        add(figures, "navigation to rendered graph (wall)", (System.nanoTime() - start) / 1e6);
        for (String key : List.of("fetchMs", "renderMs", "firstRenderMs")) {
          add(figures, key, timing(browser, key));
        }
        add(figures, "rows rendered", browser.findElements(By.cssSelector("#tree .row")).size());
        for (String text : searches) {
          browser.executeScript("const s = document.getElementById('search');"
              + " s.value = arguments[0]; s.dispatchEvent(new Event('input'));", text);
          wait.until(d -> text.equals(d.findElement(By.tagName("body"))
              .getAttribute("data-searched")));
          add(figures, "searchMs '" + text + "'", timing(browser, "searchMs"));
        }
        browser.findElement(By.cssSelector("[data-tab=timeline]")).click();
        wait.until(d -> browser.executeScript("return window.imagesagaTimings.timelineMs")
            != null);
        add(figures, "timelineMs (last 500 records)", timing(browser, "timelineMs"));
      }
      if (!chromium.scriptErrors().isEmpty()) {
        System.out.println("page errors: " + chromium.scriptErrors());
      }
    }
    System.out.printf("%-40s %10s %10s %10s%n", "figure (ms)", "median", "min", "max");
    figures.forEach((name, values) -> {
      List<Double> sorted = values.stream().sorted().toList();
      System.out.printf("%-40s %10.1f %10.1f %10.1f%n", name, sorted.get(sorted.size() / 2),
          sorted.get(0), sorted.get(sorted.size() - 1));
    });
  }

  private static double timing(ChromeDriver browser, String key) {
    return ((Number) browser.executeScript("return window.imagesagaTimings[arguments[0]]", key))
        .doubleValue();
  }

  private static void add(Map<String, List<Double>> figures, String name, double value) {
    figures.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }
}
