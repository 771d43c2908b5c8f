package io.imagesaga.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenReadsTest {
  @Test
  void a_close_waits_for_the_running_read_and_then_allows_closing_the_store() throws Exception {
    OpenReads reads = new OpenReads();
    reads.enter();
    CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> close(reads));

    assertThat(closing).isNotDone();
    reads.exit();

    assertThat(closing.get(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void a_read_that_never_ends_keeps_the_store_open() throws Exception {
    OpenReads reads = new OpenReads();
    reads.enter();

    assertThat(reads.close(Duration.ofMillis(1))).isFalse();
  }

  @Test
  void no_read_starts_once_the_store_is_closing() throws Exception {
    OpenReads reads = new OpenReads();
    assertThat(reads.close(Duration.ZERO)).isTrue();

    assertThatThrownBy(reads::enter).hasMessage("the journal is stopping");
  }

  private static boolean close(OpenReads reads) {
    try {
      return reads.close(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
