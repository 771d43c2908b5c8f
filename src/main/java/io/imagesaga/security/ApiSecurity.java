package io.imagesaga.security;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * How the Engine API is protected, read and checked once at start, before the node opens its
 * journal: the TLS files ({@link ServerTls}), the policy, and whether a host that is not
 * loopback may be served without verified clients ({@link Exposure}). Every misconfiguration
 * fails the start with a message naming the setting or file.
 */
public final class ApiSecurity {
  private final Optional<ServerTls> tls;
  private final Access access;
  private final boolean insecure;

  private ApiSecurity(Optional<ServerTls> tls, Access access, boolean insecure) {
    this.tls = tls;
    this.access = access;
    this.insecure = insecure;
  }

  /** No TLS, no verification: the API on loopback, as tests run it. */
  public static ApiSecurity none() {
    return new ApiSecurity(Optional.empty(), Access.open(), false);
  }

  public static ApiSecurity load(Config config, Instant now) {
    TlsSettings settings = TlsSettings.of(config);
    String policyFile = config.getString("imagesaga.http.policy-file").trim();
    if (!policyFile.isEmpty() && !settings.verify()) {
      throw new IllegalArgumentException("IMAGESAGA_POLICY (imagesaga.http.policy-file) "
          + policyFile + " needs verified clients: set IMAGESAGA_TLS_VERIFY=true;"
          + " without it nobody can be told apart and the policy could not apply");
    }
    Optional<ServerTls> tls = settings.enabled() ? Optional.of(ServerTls.load(settings, now))
        : Optional.empty();
    Access access = settings.verify()
        ? Access.verified(policyFile.isEmpty() ? Optional.empty()
            : Optional.of(Policy.read(Path.of(policyFile))))
        : Access.open();
    return new ApiSecurity(tls, access, config.getBoolean("imagesaga.http.insecure"));
  }

  public Optional<ServerTls> tls() {
    return tls;
  }

  public Access access() {
    return access;
  }

  /** Whether {@code host} may be served, with a warning, or not at all. */
  public Exposure.Verdict exposure(String host) {
    return Exposure.of(host, access.verifying(), insecure);
  }
}
