package io.imagesaga.security;

import static io.imagesaga.security.Permission.DELETE;
import static io.imagesaga.security.Permission.READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** dockerd's model, and a policy on top of it for verified clients only. */
class AccessTest {
  private static final Optional<ClientIdentity> READER = Optional.of(new ClientIdentity(
      "CN=reader", "reader", List.of(), List.of()));
  private static final Policy POLICY = Policy.parse(ConfigFactory.parseString(
      "clients { \"cn:reader\" = [read] }"));

  @Test
  void without_verification_everyone_may_do_everything() {
    assertThat(Access.open().refusal(Optional.empty(), DELETE, "DELETE", "/images/a"))
        .isEmpty();
  }

  @Test
  void with_verification_a_client_without_a_certificate_is_refused() {
    assertThat(Access.verified(Optional.empty()).refusal(Optional.empty(), READ, "GET",
        "/images/json")).contains("forbidden: GET /images/json needs a client certificate"
            + " signed by this node's CA (DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH)");
  }

  @Test
  void without_a_policy_a_verified_client_may_do_everything() {
    assertThat(Access.verified(Optional.empty()).refusal(READER, DELETE, "DELETE", "/images/a"))
        .isEmpty();
  }

  @Test
  void with_a_policy_a_verified_client_may_do_what_it_grants() {
    Access access = Access.verified(Optional.of(POLICY));
    assertThat(access.refusal(READER, READ, "GET", "/images/json")).isEmpty();
    assertThat(access.refusal(READER, DELETE, "DELETE", "/v1.47/images/a:1")).contains(
        "forbidden: CN=reader lacks the delete permission that DELETE /v1.47/images/a:1 needs");
  }
}
