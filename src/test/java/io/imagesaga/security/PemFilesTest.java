package io.imagesaga.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keys in every form docker's guides and openssl write them: PKCS#8, PKCS#1 RSA and SEC1 EC
 * (the "traditional" forms, which BouncyCastle writes for a bare key pair), and openssl's own
 * output where the machine has openssl.
 */
class PemFilesTest {
  /** A P-256 key openssl encrypted (pkcs8 -topk8 -v2 aes-128-cbc, password "secret"). */
  private static final String ENCRYPTED = """
      -----BEGIN ENCRYPTED PRIVATE KEY-----
      MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAiYU+M9jM5yUAICCAAw
      DAYIKoZIhvcNAgkFADAdBglghkgBZQMEAQIEEC/sR1v2JhH5F0PlbEQQY9cEgZAu
      I61fqeq8fymQJtjeIVrl3FAzCEMtod2rwSN2ZuQ9+nW+ghZGCPly5oH7F6tBkR5u
      sBKCfMUzYKlVpj3+U8fK7qmQNG71TuMs2jLPVQ0WkgJagmbd9HONL1L+4cFe8Ng7
      EE2MkGhrygl+4tAzd0VstH8vJIscO6MSXFz9aHPgloLtBNcjU7vKeq5/YDjPbbU=
      -----END ENCRYPTED PRIVATE KEY-----
      """;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void a_traditional_key_reads_as_the_same_key(KeyType type) throws Exception {
    KeyPair keys = type.generate();
    String pem = traditional(keys);
    assertThat(pem).startsWith(type == KeyType.RSA ? "-----BEGIN RSA PRIVATE KEY-----"
        : "-----BEGIN EC PRIVATE KEY-----");
    Files.writeString(dir.resolve("key.pem"), pem);
    assertThat(signsFor(PemFiles.privateKey(dir.resolve("key.pem")), keys.getPublic()))
        .isTrue();
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void a_pkcs8_key_reads_as_the_same_key(KeyType type) {
    KeyPair keys = type.generate();
    PemFiles.writeKey(dir.resolve("key.pem"), keys.getPrivate(), false);
    assertThat(PemFiles.privateKey(dir.resolve("key.pem"))).isEqualTo(keys.getPrivate());
  }

  @Test
  void keys_openssl_wrote_read() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
      return; // the forms themselves are covered above
    }
    openssl("genrsa", "-traditional", "-out", "rsa1.pem", "2048");
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
        "rsa8.pem");
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.pem");
    assertThat(Files.readString(dir.resolve("rsa1.pem"))).contains("BEGIN RSA PRIVATE KEY");
    assertThat(Files.readString(dir.resolve("ec.pem"))).contains("BEGIN EC PRIVATE KEY");
    assertThat(PemFiles.privateKey(dir.resolve("rsa1.pem")).getAlgorithm()).isEqualTo("RSA");
    assertThat(PemFiles.privateKey(dir.resolve("rsa8.pem")).getAlgorithm()).isEqualTo("RSA");
    assertThat(PemFiles.privateKey(dir.resolve("ec.pem")).getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void a_file_without_a_key_or_with_an_encrypted_one_is_named_in_the_error() throws Exception {
    Path cert = dir.resolve("cert.pem");
    CertificateAuthority ca = CertificateAuthority.create("x", KeyType.EC,
        java.time.Duration.ofDays(1));
    PemFiles.writeCertificates(cert, java.util.List.of(ca.certificate()), false);
    assertThatThrownBy(() -> PemFiles.privateKey(cert)).hasMessage("no private key in " + cert);
    assertThatThrownBy(() -> PemFiles.certificates(dir.resolve("missing.pem")))
        .hasMessageContaining("cannot read " + dir.resolve("missing.pem"));
    Files.writeString(dir.resolve("enc.pem"), ENCRYPTED);
    assertThatThrownBy(() -> PemFiles.privateKey(dir.resolve("enc.pem")))
        .hasMessageStartingWith("the key in " + dir.resolve("enc.pem") + " is encrypted");
    assertThatThrownBy(() -> PemFiles.writeKey(dir.resolve("cert.pem"),
        ca.key(), false)).hasMessageContaining("exists");
  }

  /** Whether {@code key} is the private half of {@code publicKey}. */
  private static boolean signsFor(PrivateKey key, PublicKey publicKey) throws Exception {
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(publicKey);
    verifier.update(new byte[] {1, 2, 3});
    return verifier.verify(signature);
  }

  /**
   * PKCS#1 for RSA (BouncyCastle's writer); SEC1 for EC, with the curve named and without the
   * optional public key, built by hand: the writer drops the curve of a JDK-encoded EC key.
   */
  private static String traditional(KeyPair keys) throws Exception {
    if (keys.getPrivate().getAlgorithm().equals("RSA")) {
      return PemFiles.pem(keys);
    }
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
    ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
    byte[] sec1 = new ECPrivateKey(256, inner.getKey(),
        info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
    return PemFiles.pem(new PemObject("EC PRIVATE KEY", sec1));
  }

  private void openssl(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "openssl";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }
}
