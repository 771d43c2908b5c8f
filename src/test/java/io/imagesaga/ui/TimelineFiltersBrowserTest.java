package io.imagesaga.ui;

import static io.imagesaga.testkit.NodeDriver.diffId;
import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.testkit.NodeExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live timeline follows the filters last applied, not what is being typed into the form:
 * a poll made while a filter is half typed still shows the new records of the applied one.
 */
class TimelineFiltersBrowserTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  @RegisterExtension static final ChromiumExtension CHROMIUM = new ChromiumExtension();

  @BeforeAll
  static void registerTwoImages() {
    for (String name : List.of("first", "second")) {
      NODE.driver().register(name, Optional.empty(), List.of(diffId(name)), name + "/app:1");
    }
  }

  @Test
  void a_poll_uses_the_applied_filters_not_the_ones_being_typed() throws Exception {
    ChromeDriver browser = CHROMIUM.openUi(NODE.port());
    WebDriverWait wait = CHROMIUM.await();
    delete("first/app:1");
    browser.findElement(By.cssSelector("[data-tab=timeline]")).click();
    wait.until(d -> d.findElement(By.id("timeline-rows")).getText()
        .contains("rmi first/app:1 by "));

    browser.findElement(By.cssSelector("#timeline-form input[name=image]"))
        .sendKeys("no-such-image-yet");
    delete("second/app:1");

    wait.withMessage(() -> "the timeline said: "
            + browser.findElement(By.id("timeline-status")).getText())
        .until(d -> d.findElement(By.id("timeline-rows")).getText()
            .contains("rmi second/app:1 by "));
    assertThat(browser.findElement(By.id("timeline-status")).getText())
        .doesNotContain("did not answer");
    assertThat(CHROMIUM.scriptErrors()).isEmpty();
  }

  private static void delete(String name) throws Exception {
    HttpResponse<String> rmi = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + NODE.port() + "/images/"
                + name.replace("/", "%2F"))).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(rmi.statusCode()).as(rmi.body()).isEqualTo(200);
  }
}
