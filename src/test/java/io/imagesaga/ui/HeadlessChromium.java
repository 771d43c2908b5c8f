package io.imagesaga.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's {@code chromium} driven through its {@code chromedriver} (both installed by
 * {@code .ci/run}), headless, with a fresh profile that is removed on {@link #close()}. The
 * driver and browser paths are given, so Selenium Manager never runs, and the flags keep
 * Chromium from calling out of the closed network (which refuses the connections).
 */
public final class HeadlessChromium implements AutoCloseable {
  public static final Path BROWSER = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private final Path profile;
  private final ChromeDriver driver;

  public HeadlessChromium() throws IOException {
    for (Path needed : List.of(BROWSER, DRIVER)) {
      if (!Files.isExecutable(needed)) {
        throw new IllegalStateException(needed + " is missing: the browser tests need Debian's"
            + " chromium and chromium-driver (apt-get install -y chromium chromium-driver;"
            + " .ci/run installs them)");
      }
    }
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    profile = Files.createTempDirectory("imagesaga-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,900",
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /**
   * What the page logged as errors, but for the statuses the page asked for and handles (a
   * dry run's 409, the favicon the page does not have).
   */
  public List<String> scriptErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(message -> !message.contains("Failed to load resource"))
        .toList();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
