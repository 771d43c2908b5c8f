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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a client chose shows as text in the web view, never as markup: a delete asked by a
 * client whose user agent is an HTML fragment with an {@code onerror} handler appears in the
 * timeline's "who asked" with its angle brackets, no element is made of it and no script of it
 * runs (docs/ui.md).
 */
class HostileTextBrowserTest {
  @RegisterExtension static final NodeExtension NODE = NodeExtension.withHttp();
  private static final String HOSTILE = "<img src=x onerror=\"document.body.dataset.pwned='ua'\">"
      + "</td><script>document.body.dataset.pwned='script'</script>";
  @RegisterExtension static final ChromiumExtension CHROMIUM = new ChromiumExtension();

  @BeforeAll
  static void deleteAsAHostileClient() throws Exception {
    NODE.driver().register("hostile", Optional.empty(), List.of(diffId("hostile")),
        "hostile/app:1");
    HttpResponse<String> rmi = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + NODE.port() + "/images/hostile%2Fapp:1"))
        .header("User-Agent", HOSTILE).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(rmi.statusCode()).as(rmi.body()).isEqualTo(200);
  }

  @Test
  void a_user_agent_of_markup_shows_as_its_text_in_the_timeline() {
    ChromeDriver browser = CHROMIUM.openUi(NODE.port());
    WebDriverWait wait = CHROMIUM.await();
    browser.findElement(By.cssSelector("[data-tab=timeline]")).click();

    // Read inside the wait: a poll that brings more records draws the rows anew.
    String who = wait.ignoring(StaleElementReferenceException.class).until(d -> d.findElements(
        By.cssSelector("#timeline-rows tr")).stream()
        .filter(tr -> tr.getText().contains("rmi hostile/app:1 by "))
        .map(tr -> tr.findElement(By.cssSelector(".who")).getText()).findFirst().orElse(null));
    assertThat(who).contains("\"" + HOSTILE + "\"");
    assertThat(browser.findElements(By.cssSelector("#timeline-rows img, #timeline-rows script")))
        .isEmpty();
    assertThat(browser.findElements(By.cssSelector("img, body script"))).isEmpty();
    assertThat(browser.findElement(By.tagName("body")).getAttribute("data-pwned")).isNull();
    assertThat(CHROMIUM.scriptErrors()).isEmpty();
  }
}
