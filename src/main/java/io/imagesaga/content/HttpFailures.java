package io.imagesaga.content;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * What went wrong on the wire to a registry, as the {@link RegistryException} the client reads:
 * in dockerd's words where Go has them ({@code Get "<url>": …}), so that the operator sees which
 * request failed and how, rather than an internal error with a stack trace in the log. Only the
 * JDK client's failures become these: a failure to write a file stays this node's own.
 */
final class HttpFailures {
  /** What the JDK says when a plain-HTTP server answers a TLS handshake. */
  private static final String PLAINTEXT = "plaintext connection?";

  private HttpFailures() {}

  /**
   * A registry that cannot be reached ({@code Get "<url>": dial tcp …}): the operator must see
   * whether the name or the port is wrong. The JDK reports a name that does not resolve as a
   * connection failure caused by an unresolved address.
   */
  static RegistryException unreachable(URI uri, ConnectException e) {
    String get = "Get \"" + uri + "\": dial tcp";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return new RegistryException(get + ": lookup " + uri.getHost() + ": no such host");
      }
    }
    return new RegistryException(get + " " + uri.getHost() + ":" + RegistryTransport.port(uri)
        + ": connect: " + (e.getMessage() == null ? "connection refused"
            : e.getMessage().toLowerCase(Locale.ROOT)));
  }

  /**
   * A request to {@code uri} that broke: a reset, a connection closed early, a TLS failure (a
   * plain-HTTP server where https was asked is Go's "server gave HTTP response to HTTPS
   * client").
   */
  static RegistryException broken(URI uri, IOException e) {
    String get = "Get \"" + uri + "\": ";
    if (e instanceof SSLException) {
      String message = String.valueOf(e.getMessage());
      return new RegistryException(get + (message.endsWith(PLAINTEXT)
          ? "http: server gave HTTP response to HTTPS client" : "tls: " + innermost(e)));
    }
    return new RegistryException(get + innermost(e));
  }

  /**
   * {@code body}, its read failures {@link #broken}; the pull's own failures (its deadline, its
   * download limit) pass as they are.
   */
  static InputStream reading(URI uri, InputStream body) {
    return new FilterInputStream(body) {
      @Override
      public int read() throws IOException {
        try {
          return super.read();
        } catch (RegistryException e) {
          throw e;
        } catch (IOException e) {
          throw broken(uri, e);
        }
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
          return super.read(buffer, offset, length);
        } catch (RegistryException e) {
          throw e;
        } catch (IOException e) {
          throw broken(uri, e);
        }
      }
    };
  }

  /**
   * The first words of the failure that started it all (the JDK wraps a reset in two others):
   * an end of stream before the body's length is Go's "unexpected EOF".
   */
  private static String innermost(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof EOFException) {
      return "unexpected EOF";
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName()
        : root.getMessage();
    return message.isEmpty() ? message
        : Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }
}
