package io.imagesaga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.app.Main;
import io.imagesaga.audit.JournalRecord;
import io.imagesaga.audit.RemoteAuditLog;
import io.imagesaga.cli.DockerCli.Result;
import io.imagesaga.content.SampleArchive;
import io.imagesaga.deletion.DeletionEvent;
import io.imagesaga.security.AccessEvent;
import io.imagesaga.security.ClientTls;
import io.imagesaga.security.Permission;
import io.imagesaga.testkit.NodeExtension;
import io.imagesaga.testkit.TestCertificates;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The stock docker CLI over mutual TLS, as {@code DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=<dir>}:
 * a client the policy grants everything loads, lists, deletes and follows events; a read-only
 * client and one without a certificate are refused {@code rmi}, and both refusals are in the
 * audit log with who asked, what, and the permission it needed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerCliTlsTest {
  static final TestCertificates CERTS = TestCertificates.create();
  static final Path POLICY = CERTS.write("policy.conf", """
      clients {
        "cn:admin" = [read, tag, load, container, delete, prune, audit]
        "cn:reader" = [read]
      }
      """);
  @RegisterExtension
  static final NodeExtension NODE = NodeExtension.withHttp(CERTS.serverSettings(POLICY));
  @TempDir static Path tmp;

  @AfterAll
  static void removeCertificates() throws Exception {
    CERTS.delete();
  }

  private static DockerCli as(Path certPath) {
    return DockerCli.withTls(NODE.port(), tmp.resolve("docker-config"), certPath);
  }

  @Test
  @Order(1)
  void a_client_with_every_permission_loads_lists_deletes_and_follows_events() throws Exception {
    DockerCli admin = as(CERTS.client("admin"));
    Path sample = tmp.resolve("sample.tar");
    try (OutputStream out = Files.newOutputStream(sample)) {
      SampleArchive.write(out);
    }
    Result load = admin.run("load", "-i", sample.toString());
    assertThat(load.exit()).as(load.stderr()).isZero();
    assertThat(load.stdout().lines()).containsExactly("Loaded image: sample/base:latest",
        "Loaded image: sample/app:1", "Loaded image: sample/app:2");

    Result images = admin.run("images", "--format", "{{.Repository}}:{{.Tag}}");
    assertThat(images.stdout().lines()).containsExactlyInAnyOrder("sample/app:2",
        "sample/app:1", "sample/base:latest");

    Result rmi = admin.run("rmi", "sample/app:2");
    assertThat(rmi.exit()).as(rmi.stderr()).isZero();
    assertThat(rmi.stdout()).startsWith("Untagged: sample/app:2\nDeleted: sha256:");

    Result events = admin.run("events", "--since", "0", "--until", Instant.now().toString(),
        "--filter", "type=image", "--format", "{{.Action}}");
    assertThat(events.exit()).as(events.stderr()).isZero();
    assertThat(events.stdout().lines()).containsExactly("tag", "load", "tag", "load", "tag",
        "load", "untag", "delete");
  }

  @Test
  @Order(2)
  void a_read_only_client_lists_images_but_may_not_delete_them() throws Exception {
    DockerCli reader = as(CERTS.client("reader"));
    assertThat(reader.run("images", "-q").stdout().lines()).hasSize(2);
    Result rmi = reader.run("rmi", "sample/app:1");
    assertThat(rmi.exit()).isEqualTo(1);
    assertThat(rmi.stderr().strip()).isEqualTo("Error response from daemon: forbidden:"
        + " CN=reader lacks the delete permission that DELETE /v1.47/images/sample/app:1 needs");
    assertThat(as(CERTS.client("admin")).run("images", "-q", "sample/app:1").stdout())
        .isNotBlank();
  }

  @Test
  @Order(3)
  void a_client_without_a_certificate_may_not_delete() throws Exception {
    Result rmi = as(CERTS.anonymousClient()).run("rmi", "sample/app:1");
    assertThat(rmi.exit()).isEqualTo(1);
    assertThat(rmi.stderr().strip()).isEqualTo("Error response from daemon: forbidden:"
        + " DELETE /v1.47/images/sample/app:1 needs a client certificate signed by this"
        + " node's CA (DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH)");
  }

  @Test
  @Order(4)
  void both_refusals_are_journaled_and_every_change_names_its_certificate() throws Exception {
    List<JournalRecord> log = auditLog(CERTS.client("admin"));
    List<AccessEvent.Refused> deletes = log.stream().map(JournalRecord::event)
        .filter(AccessEvent.Refused.class::isInstance).map(AccessEvent.Refused.class::cast)
        .filter(r -> r.needed() == Permission.DELETE).toList();
    assertThat(deletes).extracting(r -> r.provenance().client())
        .containsExactly("CN=reader", "");
    assertThat(deletes).allSatisfy(refused -> {
      assertThat(refused.method()).isEqualTo("DELETE");
      assertThat(refused.path()).isEqualTo("/v1.47/images/sample/app:1");
      assertThat(refused.provenance().userAgent()).startsWith("Docker-Client/");
      assertThat(refused.provenance().remoteAddress()).startsWith("127.0.0.1:");
    });
    assertThat(log).filteredOn(r -> r.event() instanceof DeletionEvent.Started)
        .singleElement().satisfies(r -> assertThat(
            ((DeletionEvent.Started) r.event()).provenance().client()).isEqualTo("CN=admin"));

    assertThat(history("sample/app:2")).contains("rmi sample/app:2 by 127.0.0.1:")
        .contains(" as CN=admin \"Docker-Client/");
    assertThat(history("sample/app:1").lines().filter(l -> l.contains("  refused ")))
        .hasSize(2).allSatisfy(line -> assertThat(line)
            .contains("  Access refusals  refused DELETE /v1.47/images/sample/app:1 (needs"
                + " delete) by 127.0.0.1:"))
        .anySatisfy(line -> assertThat(line).contains(" as CN=reader \"Docker-Client/"))
        .anySatisfy(line -> assertThat(line).doesNotContain(" as CN="));
  }

  /** {@code imagesaga audit history name} of the running node, read over mutual TLS. */
  private static String history(String name) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute("audit", "history", name, "-H",
            "tcp://127.0.0.1:" + NODE.port(), "--tls-dir", CERTS.client("admin").toString());
    assertThat(exit).as(err.toString()).isZero();
    return out.toString();
  }

  @Test
  @Order(5)
  void reading_the_audit_log_needs_the_audit_permission() {
    assertThatThrownBy(() -> auditLog(CERTS.client("reader"))).rootCause()
        .hasMessageEndingWith("answered 403: {\"message\":\"forbidden: CN=reader lacks the"
            + " audit permission that GET /imagesaga/audit/journal needs\"}");
  }

  private static List<JournalRecord> auditLog(Path certPath) throws Exception {
    try (RemoteAuditLog log = new RemoteAuditLog("tcp://127.0.0.1:" + NODE.port(),
        Optional.of(ClientTls.context(certPath)))) {
      return log.records().runWith(Sink.seq(), log.system()).toCompletableFuture().get();
    }
  }
}
