package io.imagesaga.ui;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.reference.ImageId;
import io.imagesaga.testkit.NodeDriver;
import io.imagesaga.testkit.TestFleet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web view of an agent in a fleet (two agents, docs/fleet.md) shows the Fleet panel: which
 * hosts hold each image, with their containers; the selected image names its hosts.
 */
class FleetViewBrowserTest {
  @TempDir Path dir;

  @Test
  void the_fleet_panel_shows_which_hosts_hold_each_image() throws Exception {
    try (TestFleet fleet = TestFleet.start(dir, "alpha", "beta");
        HeadlessChromium chromium = new HeadlessChromium()) {
      fleet.awaitReady();
      NodeDriver alpha = fleet.agent("alpha").node();
      NodeDriver beta = fleet.agent("beta").node();
      ImageId shared = alpha.register("ui-shared", Optional.empty(),
          List.of(diffId("ui-shared")), "app:1");
      ImageId alone = alpha.register("ui-alone", Optional.empty(),
          List.of(diffId("ui-alone")), "other:1");
      beta.register("ui-shared", Optional.empty(), List.of(diffId("ui-shared")), "app:1");
      beta.createContainer("c-beta", "app:1");
      beta.start("c-beta");

      ChromeDriver browser = chromium.driver();
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      browser.get("http://127.0.0.1:" + fleet.http("alpha") + "/ui/#image=app:1");
      wait.until(d -> d.findElement(By.id("tab-fleet")).isDisplayed());
      wait.until(d -> d.findElement(By.id("details")).getText().contains("beta: app:1"));
      // Opening the panel lists the fleet again: wait for that listing, the last.
      browser.findElement(By.id("tab-fleet")).click();
      wait.until(d -> d.findElement(By.cssSelector("#fleet-rows[data-loads='2']")));
      WebElement sharedRow = browser.findElement(
          By.cssSelector("#fleet-rows tr[data-id='" + shared + "']"));
      assertThat(hosts(sharedRow)).containsExactly("alpha", "beta");
      assertThat(sharedRow.findElement(By.cssSelector(".host[data-host=beta] .ctr.running"))
          .getText()).isEqualTo("1 running");
      assertThat(hosts(browser.findElement(By.cssSelector(
          "#fleet-rows tr[data-id='" + alone + "']")))).containsExactly("alpha");
      assertThat(browser.findElement(By.id("fleet-status")).getText())
          .contains("alpha: reachable", "beta: reachable");
      assertThat(chromium.scriptErrors()).isEmpty();
    }
  }

  private static List<String> hosts(WebElement row) {
    return row.findElements(By.cssSelector(".host")).stream()
        .map(host -> host.getAttribute("data-host")).toList();
  }
}
