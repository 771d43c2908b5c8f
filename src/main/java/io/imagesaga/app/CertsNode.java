package io.imagesaga.app;

import io.imagesaga.security.CertificateAuthority;
import io.imagesaga.security.CertificateAuthority.Issued;
import io.imagesaga.security.KeyType;
import io.imagesaga.security.PemFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code imagesaga certs node --name NAME}: a fleet agent's certificate for the cluster's
 * mutual TLS (docs/security.md, "Cluster transport"), in a directory of its own as a client's:
 * {@code ca.pem}, {@code cert.pem} and {@code key.pem}, the files of
 * {@code IMAGESAGA_CLUSTER_TLS_CACERT}, {@code _CERT} and {@code _KEY}. Its CN is the fleet's
 * name, which every agent's certificate shares; its key RSA, the only kind Pekko reads.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Issue a fleet agent's certificate for the cluster's mutual TLS: <out>/ca.pem,"
        + " cert.pem and key.pem (RSA), for IMAGESAGA_CLUSTER_TLS_CACERT, _CERT and _KEY.")
final class CertsNode implements Callable<Integer> {
  @Mixin Certs.Common common;
  @Spec CommandSpec spec;

  @Option(names = "--name", required = true,
      description = "The agent's name (its host's, say), the certificate's OU.")
  String name;

  @Option(names = "--fleet", defaultValue = "imagesaga-fleet",
      description = "The fleet's name, the CN of every node certificate of the fleet: a peer"
          + " is admitted only with it (default: ${DEFAULT-VALUE}).")
  String fleet;

  @Option(names = {"-o", "--out"}, description = "The node's directory (default: <dir>/<name>).")
  Path out;

  @Override
  public Integer call() {
    if (spec.commandLine().getParseResult().hasMatchedOption("--key-type")
        && common.keyType != KeyType.RSA) {
      throw new IllegalArgumentException("a node's key is RSA: the fleet's TLS reads no other"
          + " (leave --key-type out)");
    }
    if (out == null && !Certs.Client.FILE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("the name " + name
          + " is no plain file name: give the node's directory with --out");
    }
    Path target = out != null ? out : common.dir.resolve(name);
    common.refuseExisting(target.resolve("ca.pem"), target.resolve("cert.pem"),
        target.resolve("key.pem"));
    CertificateAuthority ca = common.ca();
    Issued issued = ca.node(fleet, name, common.validity());
    common.write(target.resolve("cert.pem"), target.resolve("key.pem"), issued,
        List.of(issued.certificate()));
    PemFiles.writeCertificates(target.resolve("ca.pem"), List.of(ca.certificate()),
        common.force);
    spec.commandLine().getOut().println("Wrote " + target + "/{ca,cert,key}.pem for "
        + issued.certificate().getSubjectX500Principal().getName() + ":"
        + " IMAGESAGA_CLUSTER_TLS_CACERT=" + target.resolve("ca.pem")
        + " IMAGESAGA_CLUSTER_TLS_CERT=" + target.resolve("cert.pem")
        + " IMAGESAGA_CLUSTER_TLS_KEY=" + target.resolve("key.pem"));
    return 0;
  }
}
