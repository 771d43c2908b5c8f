package io.imagesaga.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.imagesaga.fleet.FleetTransport;
import io.imagesaga.security.PemFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.apache.pekko.pki.pem.DERPrivateKeyLoader;
import org.apache.pekko.pki.pem.PEMDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code imagesaga certs ca|server|client} writes docker's file names, and refuses to clobber. */
class CertsCommandTest {
  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  private static Run certs(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Main.commandLine()
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "certs";
    System.arraycopy(args, 0, all, 1, args.length);
    return new Run(command.execute(all), out.toString(), err.toString());
  }

  @Test
  void a_ca_a_server_and_a_client_in_dockers_file_names() throws Exception {
    String dir = tmp.resolve("certs").toString();
    assertThat(certs("ca", "-d", dir).exit()).isZero();
    Run server = certs("server", "-d", dir);
    assertThat(server.exit()).as(server.err()).isZero();
    Run client = certs("client", "-d", dir, "--cn", "alice", "--key-type", "RSA", "--days",
        "30");
    assertThat(client.exit()).as(client.err()).isZero();
    assertThat(client.out()).contains("DOCKER_CERT_PATH=" + tmp.resolve("certs/alice"));

    Path certs = tmp.resolve("certs");
    X509Certificate ca = PemFiles.certificate(certs.resolve("ca.pem"));
    X509Certificate serverCert = PemFiles.certificate(certs.resolve("server-cert.pem"));
    assertThat(serverCert.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
    serverCert.verify(ca.getPublicKey());
    assertThat(PemFiles.privateKey(certs.resolve("server-key.pem")).getAlgorithm())
        .isEqualTo("EC");
    assertThat(PemFiles.privateKey(certs.resolve("ca-key.pem"))).isNotNull();

    Path alice = certs.resolve("alice");
    assertThat(PemFiles.certificate(alice.resolve("ca.pem"))).isEqualTo(ca);
    X509Certificate aliceCert = PemFiles.certificate(alice.resolve("cert.pem"));
    aliceCert.verify(ca.getPublicKey());
    assertThat(aliceCert.getSubjectX500Principal().getName()).isEqualTo("CN=alice");
    assertThat(PemFiles.privateKey(alice.resolve("key.pem")).getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void server_names_come_from_the_command_line_and_files_are_not_replaced_without_force()
      throws Exception {
    String dir = tmp.toString();
    assertThat(certs("ca", "-d", dir, "--key-type", "rsa").exit()).isZero();
    Run again = certs("ca", "-d", dir);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains(tmp.resolve("ca.pem") + " exists (--force replaces it)");

    assertThat(certs("server", "-d", dir, "--dns", "node1.example", "--ip", "10.0.0.5",
        "--ip", "::1").exit()).isZero();
    assertThat(PemFiles.certificate(tmp.resolve("server-cert.pem")).getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(2, "node1.example"), List.of(7, "10.0.0.5"),
            List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(certs("server", "-d", dir, "--ip", "not-an-ip", "--force").err())
        .contains("not an IP address: not-an-ip (use --dns)");
    assertThat(certs("client", "-d", dir, "--cn", "CN with spaces").err())
        .contains("give the client's directory with --out");
    Run missingCa = certs("client", "-d", tmp.resolve("none").toString(), "--cn", "bob");
    assertThat(missingCa.exit()).isEqualTo(1);
    assertThat(missingCa.err()).contains("cannot read " + tmp.resolve("none/ca.pem"));
    assertThat(Files.exists(tmp.resolve("none/bob/key.pem"))).isFalse();
  }

  @Test
  void a_node_certificate_that_the_fleets_tls_reads() throws Exception {
    String dir = tmp.resolve("certs").toString();
    assertThat(certs("ca", "-d", dir).exit()).isZero();
    Run node = certs("node", "-d", dir, "--name", "host1");
    assertThat(node.exit()).as(node.err()).isZero();
    Path host1 = tmp.resolve("certs/host1");
    assertThat(node.out()).contains("IMAGESAGA_CLUSTER_TLS_CACERT=" + host1.resolve("ca.pem"),
        "IMAGESAGA_CLUSTER_TLS_CERT=" + host1.resolve("cert.pem"),
        "IMAGESAGA_CLUSTER_TLS_KEY=" + host1.resolve("key.pem"));

    X509Certificate cert = PemFiles.certificate(host1.resolve("cert.pem"));
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=imagesaga-fleet,OU=host1");
    cert.verify(PemFiles.certificate(host1.resolve("ca.pem")).getPublicKey());
    // Pekko's own PEM reader, which the fleet's TLS uses, takes the key.
    assertThat(DERPrivateKeyLoader.load(PEMDecoder.decode(
        Files.readString(host1.resolve("key.pem")))).getAlgorithm()).isEqualTo("RSA");
    assertThat(FleetTransport.configure(AppConfig.loadFleet(Path.of("conf"), Map.of(
        "imagesaga.fleet.seed-nodes", "127.0.0.1:25520",
        "imagesaga.fleet.tls.ca-cert", host1.resolve("ca.pem").toString(),
        "imagesaga.fleet.tls.cert", host1.resolve("cert.pem").toString(),
        "imagesaga.fleet.tls.key", host1.resolve("key.pem").toString())))
        .getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");

    Run ec = certs("node", "-d", dir, "--name", "host2", "--key-type", "ec");
    assertThat(ec.exit()).isEqualTo(1);
    assertThat(ec.err()).contains("a node's key is RSA");
    assertThat(Files.exists(tmp.resolve("certs/host2"))).isFalse();
    assertThat(certs("node", "-d", dir, "--name", "host1").err())
        .contains(host1.resolve("ca.pem") + " exists (--force replaces it)");
  }
}
