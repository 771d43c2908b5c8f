package io.imagesaga.security;

import static io.imagesaga.security.Permission.AUDIT;
import static io.imagesaga.security.Permission.DELETE;
import static io.imagesaga.security.Permission.LOAD;
import static io.imagesaga.security.Permission.READ;
import static io.imagesaga.security.Permission.TAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy file: who is named how, what they get, and every mistake refused with its place. */
class PolicyTest {
  private static final ClientIdentity ALICE = new ClientIdentity("CN=alice,O=example", "alice",
      List.of(), List.of("alice@example.org"));
  private static final ClientIdentity CI = new ClientIdentity("CN=runner-7", "runner-7",
      List.of("ci.example.org"), List.of());
  private static final ClientIdentity NOBODY = new ClientIdentity("CN=nobody", "nobody",
      List.of(), List.of());

  @TempDir Path dir;

  private Policy policy(String text) throws Exception {
    Path file = dir.resolve("policy.conf");
    Files.writeString(file, text);
    return Policy.read(file);
  }

  @Test
  void a_client_has_what_everyone_has_and_what_each_of_its_names_is_granted() throws Exception {
    Policy policy = policy("""
        everyone = [read]
        clients {
          "cn:alice" = [tag, delete]
          "email:Alice@Example.org" = [audit]
          "dns:CI.example.org" = [load]
        }
        """);
    assertThat(policy.permissionsOf(ALICE)).containsExactlyInAnyOrder(READ, TAG, DELETE, AUDIT);
    assertThat(policy.permissionsOf(CI)).containsExactlyInAnyOrder(READ, LOAD);
    assertThat(policy.permissionsOf(NOBODY)).containsExactly(READ);
  }

  @Test
  void a_cn_matches_exactly_and_nobody_has_anything_without_everyone() throws Exception {
    Policy policy = policy("clients { \"cn:Alice\" = [read] }");
    assertThat(policy.permissionsOf(ALICE)).isEmpty();
    assertThat(policy("").permissionsOf(ALICE)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "clients { \"cn:alice\" = [read, write] }|no permission write (there are read, tag, load,"
          + " container, delete, prune, audit)",
      "clients { \"alice\" = [read] }|client alice is not named as cn:<common name>,"
          + " dns:<name> or email:<address>",
      "clients { \"uri:x\" = [read] }|client uri:x is not named as",
      "clients { \"cn:\" = [read] }|client cn: is not named as",
      "clients { \"cn:alice\" = read }|cn:alice must be a list of permissions",
      "everyone = read|everyone must be a list of permissions",
      "client { \"cn:alice\" = [read] }|unknown setting client (a policy has everyone and"
          + " clients)",
      "clients { cn:alice = [read] }|policy "})
  void a_mistake_fails_with_the_file_and_what_is_wrong(String text, String message) {
    Path file = dir.resolve("policy.conf");
    assertThatThrownBy(() -> {
      Files.writeString(file, text);
      Policy.read(file);
    }).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("policy " + file)
        .hasMessageContaining(message);
  }

  @Test
  void a_missing_file_is_named() {
    assertThatThrownBy(() -> Policy.read(dir.resolve("none.conf")))
        .hasMessage("no policy file at " + dir.resolve("none.conf").toAbsolutePath());
  }
}
