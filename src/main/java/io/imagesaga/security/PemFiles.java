package io.imagesaga.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM files as docker uses them: certificates ({@code ca.pem}, {@code cert.pem}) and an
 * unencrypted private key ({@code key.pem}) in any of the forms openssl writes: PKCS#8
 * ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC
 * ({@code BEGIN EC PRIVATE KEY}). Keys are written as PKCS#8, readable by their owner only.
 * Every failure names the file.
 */
public final class PemFiles {
  private PemFiles() {}

  /** Every certificate in {@code file}, in order; at least one. */
  public static List<X509Certificate> certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(in).stream().map(X509Certificate.class::cast).toList();
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no certificate in " + file);
      }
      return certificates;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e, e);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a PEM certificate file: " + file + " ("
          + e.getMessage() + ")", e);
    }
  }

  /** The first certificate in {@code file}. */
  public static X509Certificate certificate(Path file) {
    return certificates(file).get(0);
  }

  /** The private key in {@code file}: PKCS#8, PKCS#1 RSA or SEC1 EC, not encrypted. */
  public static PrivateKey privateKey(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof PEMKeyPair pair) {
          // SEC1 EC keys may omit the public key: only the private part is read.
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        } else if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        } else if (object instanceof PEMEncryptedKeyPair
            || object instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new IllegalArgumentException("the key in " + file + " is encrypted;"
              + " give an unencrypted key, as docker does (openssl pkey -in it -out key.pem)");
        }
      }
      throw new IllegalArgumentException("no private key in " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the key " + file + ": " + e, e);
    }
  }

  /** Writes {@code certificates} to a new {@code file}, world-readable. */
  public static void writeCertificates(Path file, List<X509Certificate> certificates,
      boolean overwrite) {
    write(file, pem(certificates.toArray()), "rw-r--r--", overwrite);
  }

  /** Writes {@code key} as PKCS#8 to a new {@code file} that only its owner may read. */
  public static void writeKey(Path file, PrivateKey key, boolean overwrite) {
    try {
      write(file, pem(new JcaPKCS8Generator(key, null).generate()), "rw-------", overwrite);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the key for " + file, e);
    }
  }

  static String pem(Object... objects) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object object : objects) {
        writer.writeObject(object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /**
   * Writes beside the target and moves it into place, so a reader never sees half a file and a
   * key is never readable by others, even for a moment.
   */
  private static void write(Path file, String text, String permissions, boolean overwrite) {
    Path target = file.toAbsolutePath();
    if (!overwrite && Files.exists(target)) {
      throw new IllegalStateException(target + " exists (--force replaces it)");
    }
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), ".pem", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
      Files.writeString(temp, text, StandardCharsets.US_ASCII);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
