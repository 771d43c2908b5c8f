package io.imagesaga.content;

import io.imagesaga.reference.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reading what a registry sends: small bodies whole but never past a limit, blobs streamed to
 * a file and hashed on the way, never past their descriptor's size and never whole in memory.
 */
final class Bodies {
  private static final int BUFFER = 64 << 10;

  private Bodies() {}

  /**
   * All of {@code body}, failing as soon as it has more than {@code max} bytes (a message naming
   * {@code what} and the {@code setting} that limits it).
   */
  static byte[] readAtMost(InputStream body, long max, String what, String setting)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[BUFFER];
    for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
      if (bytes.size() + (long) read > max) {
        throw new RegistryException("registry sent more than " + max + " bytes for " + what
            + " (" + RegistrySettings.name(setting) + ")");
      }
      bytes.write(buffer, 0, read);
    }
    return bytes.toByteArray();
  }

  /** Fails with {@code failure} unless {@code content} is what {@code descriptor} names. */
  static void verify(byte[] content, Descriptor descriptor, String failure)
      throws RegistryException {
    if (content.length != descriptor.size() || !Digest.sha256(content)
        .equals(descriptor.digest())) {
      throw new RegistryException(failure);
    }
  }

  /**
   * Streams {@code body} into {@code target}, hashing it, and fails with {@code failure} unless
   * it is exactly the descriptor's size and digest; a body longer than the size is not read past
   * it. On failure {@code target} may hold part of the body: the caller's work directory goes.
   */
  static void copy(InputStream body, Path target, Descriptor descriptor, String failure)
      throws IOException {
    MessageDigest sha256 = sha256();
    long size = 0;
    byte[] buffer = new byte[BUFFER];
    try (OutputStream out = Files.newOutputStream(target)) {
      for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
        size += read;
        if (size > descriptor.size()) {
          throw new RegistryException(failure);
        }
        sha256.update(buffer, 0, read);
        out.write(buffer, 0, read);
      }
    }
    Digest actual = new Digest("sha256", HexFormat.of().formatHex(sha256.digest()));
    if (size != descriptor.size() || !actual.equals(descriptor.digest())) {
      throw new RegistryException(failure);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
