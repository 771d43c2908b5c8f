package io.imagesaga.fleet;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.imagesaga.security.PemFiles;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the fleet system's remoting port is protected (docs/security.md, "Cluster transport"):
 * Artery over mutual TLS, Pekko's {@code RotatingKeysSSLEngineProvider} ({@code
 * security.FleetTls}) reading the PEM files of {@code imagesaga.fleet.tls} (conf/cluster.conf), so that a node without a certificate of
 * the fleet's CA, carrying the fleet's name, can neither join nor send. The files are checked
 * here, at start, for what Pekko needs of them: it reads them only at the first handshake, and
 * a mistake would show as an agent that never joins. Without them the fleet does not start,
 * unless {@code insecure} says it may run on plain TCP.
 */
public final class FleetTransport {
  private static final Logger log = LoggerFactory.getLogger(FleetTransport.class);

  private FleetTransport() {}

  /**
   * {@code config} (the fleet system's) with its transport decided: {@code tls-tcp} from the
   * files, or {@code tcp} when they are not given and insecure is set. Throws an
   * {@link IllegalArgumentException} that says what to set, or what is wrong with a file.
   */
  public static Config configure(Config config) {
    Config tls = config.getConfig("imagesaga.fleet.tls");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("IMAGESAGA_CLUSTER_TLS_CACERT", tls.getString("ca-cert"));
    files.put("IMAGESAGA_CLUSTER_TLS_CERT", tls.getString("cert"));
    files.put("IMAGESAGA_CLUSTER_TLS_KEY", tls.getString("key"));
    List<String> missing = files.entrySet().stream().filter(file -> file.getValue().isBlank())
        .map(Map.Entry::getKey).toList();
    String port = config.getString("pekko.remote.artery.canonical.hostname") + ":"
        + config.getInt("pekko.remote.artery.canonical.port");
    if (missing.size() == files.size()) {
      return insecure(config, tls.getBoolean("insecure"), port);
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(and(missing) + (missing.size() == 1 ? " is" : " are")
          + " not set: the fleet's TLS needs all of " + and(List.copyOf(files.keySet())));
    }
    Path caCert = Path.of(files.get("IMAGESAGA_CLUSTER_TLS_CACERT"));
    Path cert = Path.of(files.get("IMAGESAGA_CLUSTER_TLS_CERT"));
    check(caCert, cert, Path.of(files.get("IMAGESAGA_CLUSTER_TLS_KEY")));
    log.info("fleet: remoting on {} over mutual TLS, as {} of {}", port,
        PemFiles.certificate(cert).getSubjectX500Principal().getName(), caCert);
    return config.withValue("pekko.remote.artery.transport",
        ConfigValueFactory.fromAnyRef("tls-tcp"));
  }

  private static Config insecure(Config config, boolean allowed, String port) {
    if (!allowed) {
      throw new IllegalArgumentException("the fleet's remoting port needs TLS: set"
          + " IMAGESAGA_CLUSTER_TLS_CACERT, IMAGESAGA_CLUSTER_TLS_CERT and"
          + " IMAGESAGA_CLUSTER_TLS_KEY (imagesaga certs node makes them; docs/security.md,"
          + " \"Cluster transport\"), or IMAGESAGA_CLUSTER_INSECURE=true to let any process"
          + " that reaches the port join the fleet");
    }
    log.warn("fleet: IMAGESAGA_CLUSTER_INSECURE=true: the fleet's remoting port {} speaks"
        + " plain TCP, unauthenticated and unencrypted: any process that reaches it can join"
        + " the fleet and delete images on every host", port);
    return config.withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef(
        "tcp"));
  }

  /** What Pekko's PEM reader and its handshake would refuse, said at start. */
  private static void check(Path caCert, Path cert, Path keyFile) {
    X509Certificate ca = PemFiles.certificate(caCert);
    X509Certificate own = PemFiles.certificate(cert);
    PrivateKey key = PemFiles.privateKey(keyFile);
    if (!(key instanceof RSAPrivateKey rsa)) {
      throw new IllegalArgumentException("the key " + keyFile + " is " + key.getAlgorithm()
          + ": the fleet's TLS reads RSA keys only (imagesaga certs node makes one)");
    }
    if (!(own.getPublicKey() instanceof RSAPublicKey certified)
        || !certified.getModulus().equals(rsa.getModulus())) {
      throw new IllegalArgumentException("the key " + keyFile + " is not the key of the"
          + " certificate " + cert);
    }
    try {
      own.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the certificate " + cert + " is not signed by the CA"
          + " of " + caCert + " (" + e.getMessage() + ")", e);
    }
    try {
      own.checkValidity();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the certificate " + cert + " is not valid now: "
          + e.getMessage(), e);
    }
  }

  private static String and(List<String> names) {
    return names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " and "
            + names.get(names.size() - 1);
  }
}
