package io.imagesaga.ui;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One {@link HeadlessChromium} for a test class: started before the class's own
 * {@code @BeforeAll} (register it after the node's extension), closed after the class.
 */
final class ChromiumExtension implements BeforeAllCallback, AfterAllCallback {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private HeadlessChromium chromium;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    chromium = new HeadlessChromium();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (chromium != null) {
      chromium.close();
      chromium = null;
    }
  }

  ChromeDriver driver() {
    return chromium.driver();
  }

  /** A wait of the browser, 30 s at most. */
  WebDriverWait await() {
    return new WebDriverWait(driver(), WAIT);
  }

  /** Opens the web view of the node on {@code port} and waits until its graph is drawn. */
  ChromeDriver openUi(int port) {
    ChromeDriver browser = driver();
    browser.get("http://127.0.0.1:" + port + "/ui/");
    await().until(d -> d.findElement(By.cssSelector("body[data-graph=ready]")));
    return browser;
  }

  List<String> scriptErrors() {
    return chromium.scriptErrors();
  }
}
