package io.imagesaga.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.cli.DockerCli;
import io.imagesaga.cli.DockerCli.Result;
import io.imagesaga.content.SampleArchive;
import io.imagesaga.testkit.NodeExtension;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web view in headless Chromium against a node loaded with the sample chain
 * (sample/base ← sample/app:1 ← sample/app:2) and a stopped container on sample/app:1: the
 * graph shows every image with its tags and the container; the preview of a delete shows the
 * 409 and marks its blockers, or the records, and the real {@code docker rmi} then answers
 * exactly that; the timeline shows the delete and who asked. Fails, saying what to install,
 * without Debian's chromium and chromium-driver.
 */
class WebViewBrowserTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @RegisterExtension static final ChromiumExtension CHROMIUM = new ChromiumExtension();
  @TempDir static Path dir;
  private static DockerCli docker;

  @BeforeAll
  static void loadTheSampleAndCreateAContainer() throws Exception {
    docker = new DockerCli(NODE.port(), dir);
    Path tar = dir.resolve("sample.tar");
    try (OutputStream out = Files.newOutputStream(tar)) {
      SampleArchive.write(out);
    }
    assertThat(docker.run("load", "-i", tar.toString()).exit()).isZero();
    assertThat(docker.run("create", "--name", "ui-demo", "sample/app:1").exit()).isZero();
  }

  @Test
  void graph_preview_delete_and_timeline_agree() throws Exception {
    ChromeDriver browser = CHROMIUM.driver();
    WebDriverWait wait = CHROMIUM.await();
    String app1 = id("sample/app:1");
    String app2 = id("sample/app:2");

    browser.get("http://127.0.0.1:" + NODE.port() + "/ui");
    wait.until(d -> d.findElement(By.cssSelector("body[data-graph=ready][data-fleet=no]")));
    theGraphShowsEveryImageAndTheContainer(browser, app1, app2);
    theKeyboardCollapsesExpandsAndSelects(browser, wait, app1, app2);
    aRefusalIsWhatDockerRmiAnswers(browser, wait, app1, app2);
    Instant beforeDelete = Instant.now();
    recordsAreWhatDockerRmiPrints(browser, wait, app2);

    browser.findElement(By.id("reload")).click();
    wait.until(d -> d.findElements(By.cssSelector("#tree .row")).size() == 2);
    theTimelineShowsTheDeleteAndWhoAsked(browser, wait);
    Files.write(Path.of("target", "ui-screenshot.png"), browser.getScreenshotAs(OutputType.BYTES));
    theCatalogBeforeTheDeleteHoldsTheImage(browser, wait, beforeDelete, app2);
    assertThat(CHROMIUM.scriptErrors()).isEmpty();
  }

  private static void theGraphShowsEveryImageAndTheContainer(WebDriver browser, String app1,
      String app2) throws Exception {
    assertThat(browser.findElement(By.id("tab-fleet")).isDisplayed()).isFalse();
    assertThat(tags(row(browser, id("sample/base")))).containsExactly("sample/base:latest");
    assertThat(tags(row(browser, app1))).containsExactly("sample/app:1");
    assertThat(tags(row(browser, app2))).containsExactly("sample/app:2");
    WebElement container = row(browser, app1).findElement(By.cssSelector(".ctr"));
    assertThat(container.getText()).isEqualTo("ui-demo");
    assertThat(container.getAttribute("class")).contains("stopped");
    assertThat(browser.findElements(By.cssSelector("#tree .row"))).hasSize(3);
  }

  private static void theKeyboardCollapsesExpandsAndSelects(WebDriver browser,
      WebDriverWait wait, String app1, String app2) {
    By child = By.cssSelector("#tree .row[data-id='" + app2 + "']");
    row(browser, app1).sendKeys(Keys.ARROW_LEFT);
    wait.until(d -> d.findElements(child).isEmpty());
    assertThat(row(browser, app1).getAttribute("aria-expanded")).isEqualTo("false");
    assertThat(row(browser, app1).findElement(By.cssSelector(".count")).getText())
        .isEqualTo("+1");
    browser.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
    wait.until(d -> !d.findElements(child).isEmpty());
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    wait.until(d -> d.findElement(By.cssSelector("body[data-selected='" + app1 + "']")));
    assertThat(browser.findElement(By.id("selected-id")).getText()).isEqualTo(app1);
  }

  /** sample/app:1: the stopped container and the child image block a delete without -f. */
  private static void aRefusalIsWhatDockerRmiAnswers(WebDriver browser, WebDriverWait wait,
      String app1, String app2) throws Exception {
    String demo = docker.run("inspect", "-f", "{{.Id}}", "ui-demo").stdout().trim();
    WebElement refused = preview(browser, wait, app1, "sample/app:1");
    assertThat(refused.getAttribute("data-status")).isEqualTo("409");
    assertThat(texts(refused, ".blockers li")).containsExactlyInAnyOrder(
        "child image " + shortId(app2), "stopped container " + demo.substring(0, 12));
    assertThat(row(browser, app2).getAttribute("class")).contains("blocker");
    assertThat(row(browser, app1).findElement(By.cssSelector(".ctr")).getAttribute("class"))
        .contains("blocker");
    Result rmi = docker.run("rmi", "sample/app:1");
    assertThat(rmi.exit()).isEqualTo(1);
    assertThat(rmi.stderr()).isEqualTo("Error response from daemon: "
        + refused.findElement(By.cssSelector(".message")).getText().replaceFirst("^409 ", "")
        + "\n");
  }

  /** sample/app:2: untagged, deleted, and its layer freed: what docker rmi then prints. */
  private static void recordsAreWhatDockerRmiPrints(WebDriver browser, WebDriverWait wait,
      String app2) throws Exception {
    WebElement records = preview(browser, wait, app2, "sample/app:2");
    assertThat(records.getAttribute("data-status")).isEqualTo("200");
    List<String> previewed = texts(records, ".records li");
    assertThat(previewed).hasSize(3).startsWith("Untagged: sample/app:2", "Deleted: " + app2);
    assertThat(row(browser, app2).getAttribute("class")).contains("deleted");
    Result rmi = docker.run("rmi", "sample/app:2");
    assertThat(rmi.exit()).isZero();
    assertThat(rmi.stdout().lines()).containsExactlyElementsOf(previewed);
  }

  private static void theTimelineShowsTheDeleteAndWhoAsked(ChromeDriver browser,
      WebDriverWait wait) {
    browser.findElement(By.cssSelector("[data-tab=timeline]")).click();
    assertThat(browser.findElement(By.id("panel-graph")).isDisplayed()).isFalse();
    // Read inside the wait: a poll that brings more records draws the rows anew.
    String who = wait.ignoring(StaleElementReferenceException.class).until(d -> d.findElements(
        By.cssSelector("#timeline-rows tr")).stream()
        .filter(tr -> tr.getText().contains("rmi sample/app:2 by 127.0.0.1:"))
        .map(tr -> tr.findElement(By.cssSelector(".who")).getText()).findFirst().orElse(null));
    assertThat(who).startsWith("127.0.0.1:").contains("\"Docker-Client/");
    browser.executeScript("for (const tr of document.querySelectorAll('#timeline-rows tr'))"
        + " if (tr.textContent.includes(arguments[0])) tr.scrollIntoView({block: 'center'});",
        "rmi sample/app:2 by");
  }

  private static void theCatalogBeforeTheDeleteHoldsTheImage(WebDriver browser,
      WebDriverWait wait, Instant before, String app2) {
    browser.findElement(By.cssSelector("[data-tab=at]")).click();
    WebElement moment = browser.findElement(By.cssSelector("#at-form input[name=time]"));
    moment.clear();
    moment.sendKeys(before.toString());
    browser.findElement(By.cssSelector("#at-form button[type=submit]")).click();
    wait.until(d -> d.findElement(By.id("at-status")).getText().startsWith("3 images"));
    assertThat(tags(browser.findElement(By.cssSelector("#at-tree .row[data-id='" + app2
        + "']")))).containsExactly("sample/app:2");
  }

  /** Selects the image, previews deleting {@code name}, and gives the plain variant's card. */
  private static WebElement preview(WebDriver browser, WebDriverWait wait, String id,
      String name) {
    row(browser, id).findElement(By.cssSelector(".id")).click();
    wait.until(d -> d.findElement(By.cssSelector("body[data-selected='" + id + "']")));
    new Select(browser.findElement(By.id("preview-name"))).selectByValue(name);
    browser.findElement(By.id("preview-run")).click();
    wait.until(d -> d.findElement(By.cssSelector(
        ".variants[data-state=done][data-name='" + name + "']")));
    return browser.findElement(By.cssSelector(".variant[data-force=false][data-noprune=false]"));
  }

  private static WebElement row(WebDriver browser, String id) {
    return browser.findElement(By.cssSelector("#tree .row[data-id='" + id + "']"));
  }

  private static List<String> tags(WebElement row) {
    return texts(row, ".tag");
  }

  private static List<String> texts(WebElement in, String css) {
    return in.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  private static String id(String name) throws Exception {
    return docker.run("image", "inspect", "-f", "{{.Id}}", name).stdout().trim();
  }

  private static String shortId(String id) {
    return id.substring("sha256:".length(), "sha256:".length() + 12);
  }
}
