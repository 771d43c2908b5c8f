package io.imagesaga.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.content.RegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * What a load or pull stream says about a failure: a registry's answer is the client's
 * business, this node's own I/O failures (a full disk, a path under the data dir) are not.
 */
class StreamErrorsTest {

  @Test
  void a_local_io_failure_is_the_fixed_internal_text() {
    IOException diskFull = new IOException("/var/lib/imagesaga/tmp/load-1/x: No space left on"
        + " device");

    assertThat(StreamErrors.of(new CompletionException(new UncheckedIOException(diskFull))))
        .isEqualTo(expected(Errors.INTERNAL));
  }

  @Test
  void a_registry_failure_keeps_its_message() {
    RegistryException answered = new RegistryException("registry answered 500 for manifest 1");

    assertThat(StreamErrors.of(new CompletionException(new UncheckedIOException(answered))))
        .isEqualTo(expected("registry answered 500 for manifest 1"));
  }

  private static Map<String, Object> expected(String message) {
    return Map.of("errorDetail", Map.of("message", message), "error", message);
  }
}
