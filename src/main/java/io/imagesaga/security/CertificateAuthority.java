package io.imagesaga.security;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for tests and small installations, as docker's "Protect the Docker
 * daemon socket" guide makes one with openssl: a self-signed CA, server certificates whose
 * subject alternative names are the DNS names and IP addresses clients dial (Go's TLS checks
 * only those, never the CN), and client certificates named by their CN.
 *
 * <p>A server certificate may be used for TLS server and client authentication both, so that a
 * node can present the same certificate when it connects to another node.
 */
public final class CertificateAuthority {
  /** Tolerated clock skew between the issuing machine and the ones checking the certificate. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate and its private key. */
  public record Issued(X509Certificate certificate, PrivateKey key) {}

  private final Issued ca;

  private CertificateAuthority(Issued ca) {
    this.ca = ca;
  }

  /** A new self-signed CA named {@code commonName}, valid for {@code validity} from now. */
  public static CertificateAuthority create(String commonName, KeyType keyType,
      Duration validity) {
    KeyPair keys = keyType.generate();
    X500Name name = name(commonName);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(name, name, keys.getPublic(), validity)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertificateAuthority(new Issued(sign(builder, keys.getPrivate()),
          keys.getPrivate()));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot make a CA certificate", e);
    }
  }

  /** The CA of {@code ca.pem} and {@code ca-key.pem}. */
  public static CertificateAuthority load(Path certificate, Path key) {
    return new CertificateAuthority(new Issued(PemFiles.certificate(certificate),
        PemFiles.privateKey(key)));
  }

  public X509Certificate certificate() {
    return ca.certificate();
  }

  public PrivateKey key() {
    return ca.key();
  }

  /** A server certificate for {@code dnsNames} and {@code addresses}, at least one of them. */
  public Issued server(List<String> dnsNames, List<InetAddress> addresses, KeyType keyType,
      Duration validity) {
    if (dnsNames.isEmpty() && addresses.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs a DNS name or an IP");
    }
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    addresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress,
        ip.getHostAddress())));
    String commonName = dnsNames.isEmpty() ? addresses.get(0).getHostAddress() : dnsNames.get(0);
    return leaf(commonName, names, keyType, validity,
        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
  }

  /** A client certificate named {@code commonName}, with optional DNS and email SANs. */
  public Issued client(String commonName, List<String> dnsNames, List<String> emails,
      KeyType keyType, Duration validity) {
    if (commonName.isBlank()) {
      throw new IllegalArgumentException("a client certificate needs a common name");
    }
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    emails.forEach(email -> names.add(new GeneralName(GeneralName.rfc822Name, email)));
    return leaf(commonName, names, keyType, validity, KeyPurposeId.id_kp_clientAuth);
  }

  /**
   * A certificate for a fleet agent's remoting port (docs/security.md, "Cluster transport"),
   * for TLS server and client authentication both: its CN is the fleet's name, which every
   * agent's certificate carries and Pekko's check of a peer insists on sharing, so that no other
   * certificate of the same CA (a Docker client's, say) passes for a node; the node's name is
   * its OU, for people. The key is RSA, the only kind Pekko's PEM reader takes.
   */
  public Issued node(String fleetName, String nodeName, Duration validity) {
    if (fleetName.isBlank()) {
      throw new IllegalArgumentException("a node certificate needs the fleet's name");
    }
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
    if (!nodeName.isBlank()) {
      subject.addRDN(BCStyle.OU, nodeName);
    }
    return leaf(subject.addRDN(BCStyle.CN, fleetName).build(), List.of(), KeyType.RSA, validity,
        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
  }

  private Issued leaf(String commonName, List<GeneralName> altNames, KeyType keyType,
      Duration validity, KeyPurposeId... purposes) {
    return leaf(name(commonName), altNames, keyType, validity, purposes);
  }

  private Issued leaf(X500Name subject, List<GeneralName> altNames, KeyType keyType,
      Duration validity, KeyPurposeId... purposes) {
    KeyPair keys = keyType.generate();
    int usage = KeyUsage.digitalSignature | (keyType == KeyType.RSA ? KeyUsage.keyEncipherment
        : 0);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(
          X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
          subject, keys.getPublic(), validity)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
          .addExtension(Extension.subjectKeyIdentifier, false,
              ext.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              ext.createAuthorityKeyIdentifier(ca.certificate()));
      if (!altNames.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(altNames.toArray(GeneralName[]::new)));
      }
      return new Issued(sign(builder, ca.key()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + subject, e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject,
      PublicKey key, Duration validity) {
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + validity);
    }
    Instant now = Instant.now();
    // Positive, at most 159 bits (RFC 5280 allows 20 octets), unpredictable.
    BigInteger serial = new BigInteger(159, RANDOM).setBit(0);
    return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now.minus(BACKDATE)),
        Date.from(now.plus(validity)), subject, key);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(builder.build(
          new JcaContentSignerBuilder(KeyType.signatureAlgorithm(issuerKey)).build(issuerKey)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with a " + issuerKey.getAlgorithm()
          + " key", e);
    }
  }
}
