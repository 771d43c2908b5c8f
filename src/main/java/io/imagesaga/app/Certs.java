package io.imagesaga.app;

import io.imagesaga.security.CertificateAuthority;
import io.imagesaga.security.CertificateAuthority.Issued;
import io.imagesaga.security.KeyType;
import io.imagesaga.security.PemFiles;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code imagesaga certs ca|server|client|node}: PEM files in docker's names (docs/security.md,
 * "Certificates"); {@code node} is {@link CertsNode}. The CA is {@code <dir>/ca.pem} and {@code <dir>/ca-key.pem}; a server's are
 * {@code <dir>/server-cert.pem} and {@code server-key.pem}; a client's directory holds
 * {@code ca.pem}, {@code cert.pem} and {@code key.pem}, usable as {@code DOCKER_CERT_PATH}.
 */
@Command(name = "certs", mixinStandardHelpOptions = true,
    subcommands = {Certs.Ca.class, Certs.Server.class, Certs.Client.class, CertsNode.class},
    description = "Make a test CA, server and client certificates for mutual TLS, and fleet"
        + " agents' certificates.")
final class Certs implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every subcommand takes: where the CA is, key type, validity, overwrite. */
  static final class Common {
    @Option(names = {"-d", "--dir"}, defaultValue = "certs",
        description = "Directory of the CA's ca.pem and ca-key.pem (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--key-type", defaultValue = "ec",
        description = "ec (P-256) or rsa (2048 bits) (default: ${DEFAULT-VALUE}).")
    KeyType keyType;

    @Option(names = "--days", defaultValue = "365",
        description = "How long the certificate is valid, in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--force", description = "Replace files that exist.")
    boolean force;

    Duration validity() {
      if (days <= 0) {
        throw new IllegalArgumentException("--days must be positive: " + days);
      }
      return Duration.ofDays(days);
    }

    CertificateAuthority ca() {
      return CertificateAuthority.load(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));
    }

    /** Refuses, before anything is written, to replace a file unless {@code --force}. */
    void refuseExisting(Path... files) {
      for (Path file : files) {
        if (!force && Files.exists(file)) {
          throw new IllegalStateException(file + " exists (--force replaces it)");
        }
      }
    }

    void write(Path cert, Path key, Issued issued, List<X509Certificate> chain) {
      PemFiles.writeKey(key, issued.key(), force);
      PemFiles.writeCertificates(cert, chain, force);
    }
  }

  @Command(name = "ca", mixinStandardHelpOptions = true,
      description = "Make a self-signed CA: <dir>/ca.pem and <dir>/ca-key.pem.")
  static final class Ca implements Callable<Integer> {
    @Mixin Common common;
    @Spec CommandSpec spec;

    @Option(names = "--cn", defaultValue = "imagesaga test CA",
        description = "The CA's common name (default: ${DEFAULT-VALUE}).")
    String commonName;

    @Override
    public Integer call() {
      common.refuseExisting(common.dir.resolve("ca.pem"), common.dir.resolve("ca-key.pem"));
      CertificateAuthority ca = CertificateAuthority.create(commonName, common.keyType,
          common.validity());
      common.write(common.dir.resolve("ca.pem"), common.dir.resolve("ca-key.pem"),
          new Issued(ca.certificate(), ca.key()), List.of(ca.certificate()));
      out(spec).println("Wrote " + common.dir.resolve("ca.pem") + " and "
          + common.dir.resolve("ca-key.pem") + " (keep ca-key.pem secret)");
      return 0;
    }
  }

  @Command(name = "server", mixinStandardHelpOptions = true,
      description = "Issue <dir>/server-cert.pem and <dir>/server-key.pem, signed by the CA.")
  static final class Server implements Callable<Integer> {
    @Mixin Common common;
    @Spec CommandSpec spec;

    @Option(names = "--dns", description = "A DNS name clients dial (repeatable; default:"
        + " localhost, unless only --ip is given).")
    List<String> dnsNames = new ArrayList<>();

    @Option(names = "--ip", description = "An IP address clients dial (repeatable; default:"
        + " 127.0.0.1, unless only --dns is given).")
    List<String> addresses = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      List<String> dns = dnsNames.isEmpty() && addresses.isEmpty() ? List.of("localhost")
          : dnsNames;
      List<InetAddress> ips = new ArrayList<>();
      for (String ip : dnsNames.isEmpty() && addresses.isEmpty() ? List.of("127.0.0.1")
          : addresses) {
        ips.add(literal(ip));
      }
      common.refuseExisting(common.dir.resolve("server-cert.pem"),
          common.dir.resolve("server-key.pem"));
      CertificateAuthority ca = common.ca();
      Issued issued = ca.server(dns, ips, common.keyType, common.validity());
      Path cert = common.dir.resolve("server-cert.pem");
      common.write(cert, common.dir.resolve("server-key.pem"), issued,
          List.of(issued.certificate()));
      out(spec).println("Wrote " + cert + " and " + common.dir.resolve("server-key.pem")
          + " for " + String.join(", ", dns) + (dns.isEmpty() || ips.isEmpty() ? "" : ", ")
          + String.join(", ", ips.stream().map(InetAddress::getHostAddress).toList()));
      return 0;
    }

    /** An IP literal; never a name looked up in DNS. */
    private static InetAddress literal(String ip) throws Exception {
      if (!ip.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
        throw new IllegalArgumentException("not an IP address: " + ip + " (use --dns)");
      }
      return InetAddress.getByName(ip);
    }
  }

  @Command(name = "client", mixinStandardHelpOptions = true,
      description = "Issue a client certificate: <out>/ca.pem, cert.pem and key.pem, a"
          + " directory to use as DOCKER_CERT_PATH.")
  static final class Client implements Callable<Integer> {
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    @Mixin Common common;
    @Spec CommandSpec spec;

    @Option(names = "--cn", required = true, description = "The client's common name.")
    String commonName;

    @Option(names = "--dns", description = "A DNS name SAN (repeatable).")
    List<String> dnsNames = new ArrayList<>();

    @Option(names = "--email", description = "An email SAN (repeatable).")
    List<String> emails = new ArrayList<>();

    @Option(names = {"-o", "--out"},
        description = "The client's directory (default: <dir>/<cn>).")
    Path out;

    @Override
    public Integer call() {
      if (out == null && !FILE_NAME.matcher(commonName).matches()) {
        throw new IllegalArgumentException("the CN " + commonName
            + " is no plain file name: give the client's directory with --out");
      }
      Path target = out != null ? out : common.dir.resolve(commonName);
      common.refuseExisting(target.resolve("ca.pem"), target.resolve("cert.pem"),
          target.resolve("key.pem"));
      CertificateAuthority ca = common.ca();
      Issued issued = ca.client(commonName, dnsNames, emails, common.keyType,
          common.validity());
      common.write(target.resolve("cert.pem"), target.resolve("key.pem"), issued,
          List.of(issued.certificate()));
      PemFiles.writeCertificates(target.resolve("ca.pem"), List.of(ca.certificate()),
          common.force);
      out(spec).println("Wrote " + target + "/{ca,cert,key}.pem for CN=" + commonName
          + ": DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=" + target);
      return 0;
    }
  }

  private static PrintWriter out(CommandSpec spec) {
    return spec.commandLine().getOut();
  }
}
