package io.imagesaga.security;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;

/**
 * The key algorithms {@code imagesaga certs} issues: EC on P-256 (the default; what Go's and
 * the JDK's TLS stacks prefer) or RSA 2048 (docker's own guide). Keys are made and signatures
 * computed by the JDK's providers.
 */
public enum KeyType {
  EC("SHA256withECDSA"),
  RSA("SHA256withRSA");

  private final String signatureAlgorithm;

  KeyType(String signatureAlgorithm) {
    this.signatureAlgorithm = signatureAlgorithm;
  }

  public KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(name());
      if (this == EC) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make " + name() + " keys", e);
    }
  }

  /** What a certificate signed with {@code issuerKey} is signed with. */
  static String signatureAlgorithm(PrivateKey issuerKey) {
    return valueOf(issuerKey.getAlgorithm().equals("EC") ? "EC" : "RSA").signatureAlgorithm;
  }
}
