package io.imagesaga.testkit;

import com.typesafe.config.Config;
import io.imagesaga.security.PemFiles;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.tcp.SSLEngineProvider;
import scala.Option;

/**
 * Artery's TLS as an attacker would set it up: it presents the certificate of
 * {@code imagesaga.fleet.tls.cert} and {@code key} (any key type) and accepts whatever the other
 * side presents, checking nothing; so when it fails to get in, the other side refused it.
 */
public final class RogueTls implements SSLEngineProvider {
  private static final String NO_CERTIFICATE = "imagesaga.test.rogue-without-certificate";
  private final SSLContext context;

  public RogueTls(ActorSystem system) throws Exception {
    Config tls = system.settings().config().getConfig("imagesaga.fleet.tls");
    KeyManager[] keyManagers = null;
    if (!system.settings().config().hasPath(NO_CERTIFICATE)) {
      X509Certificate cert = PemFiles.certificate(Path.of(tls.getString("cert")));
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("rogue", PemFiles.privateKey(Path.of(tls.getString("key"))),
          new char[0], new Certificate[] {cert});
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(keys, new char[0]);
      keyManagers = factory.getKeyManagers();
    }
    context = SSLContext.getInstance("TLSv1.3");
    context.init(keyManagers, new TrustManager[] {new TrustingAnything()}, new SecureRandom());
  }

  /** Settings that make a fleet system a rogue with {@code files}' certificate. */
  public static Map<String, Object> settings(FleetCertificates.Files files) {
    Map<String, Object> settings = new HashMap<>(files.config());
    settings.put("pekko.remote.artery.ssl.ssl-engine-provider", RogueTls.class.getName());
    return settings;
  }

  /**
   * Settings that make a fleet system a rogue that presents no certificate at all; {@code
   * files} only get it past the fleet's own check of its settings.
   */
  public static Map<String, Object> withoutCertificate(FleetCertificates.Files files) {
    Map<String, Object> settings = settings(files);
    settings.put(NO_CERTIFICATE, true);
    return settings;
  }

  @Override
  public SSLEngine createServerSSLEngine(String hostname, int port) {
    SSLEngine engine = context.createSSLEngine(hostname, port);
    engine.setUseClientMode(false);
    engine.setWantClientAuth(true);
    return engine;
  }

  @Override
  public SSLEngine createClientSSLEngine(String hostname, int port) {
    SSLEngine engine = context.createSSLEngine(hostname, port);
    engine.setUseClientMode(true);
    return engine;
  }

  @Override
  public Option<Throwable> verifyClientSession(String hostname, SSLSession session) {
    return Option.empty();
  }

  @Override
  public Option<Throwable> verifyServerSession(String hostname, SSLSession session) {
    return Option.empty();
  }

  private static final class TrustingAnything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
