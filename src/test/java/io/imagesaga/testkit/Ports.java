package io.imagesaga.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts in another process (a child agent, PostgreSQL, a cluster
 * seed), which bind them a second or more after the port was chosen.
 *
 * <p>Why not {@code new ServerSocket(0)}: that port comes from the kernel's ephemeral range,
 * the range every outgoing connection of the machine draws its local port from. Between the
 * test closing its probe socket and the child binding the port, any connection (another
 * test's HTTP client, a JDBC pool, remoting) may take it, and the child fails with "Address
 * already in use" (docs/testing.md, "Ports"). So the port is drawn from below the ephemeral
 * range, which connections never use, checked bindable, and never handed out twice by one JVM.
 */
public final class Ports {
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LOWEST = 10_000;
  private static final int ATTEMPTS = 1_000;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private Ports() {
  }

  /** A port on 127.0.0.1 that nothing listens on now and connections do not draw from. */
  public static int free() throws IOException {
    int below = ephemeralLow();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = random.nextInt(LOWEST, below);
      if (bindable(port) && HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IOException("no free port in " + LOWEST + ".." + below + " after " + ATTEMPTS
        + " attempts");
  }

  private static boolean bindable(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(false);
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** The low end of the kernel's ephemeral range; Linux's default when it cannot be read. */
  private static int ephemeralLow() {
    try {
      int low = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
      return low > LOWEST + 1_000 ? low : 32_768;
    } catch (IOException | RuntimeException unreadable) {
      return 32_768;
    }
  }
}
