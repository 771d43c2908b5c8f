package io.imagesaga.content;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The limits of a pull, {@code imagesaga.registry} (conf/registry.conf). A pull that passes one
 * fails with a message naming the setting ({@link #name}).
 *
 * @param maxManifestBytes the most a manifest or index may have
 * @param maxConfigBytes the most an image config may have
 * @param maxTokenBytes the most a token realm's answer may have
 * @param maxDownloadBytes the most one pull may read from registries, every body together
 * @param maxUncompressedBytes the most the layers of one pull may decompress to, together
 * @param maxLayers the most layers the image of one pull may have
 * @param maxRedirects how many redirects one request follows
 * @param pullDeadline how long the fetch of a whole pull may take
 * @param connectTimeout how long a connection may take
 * @param requestTimeout how long a request may wait for its status and headers
 */
public record RegistrySettings(long maxManifestBytes, long maxConfigBytes, long maxTokenBytes,
    long maxDownloadBytes, long maxUncompressedBytes, int maxLayers, int maxRedirects,
    Duration pullDeadline, Duration connectTimeout, Duration requestTimeout) {
  /** What is read whole must fit an array. */
  private static final long MOST_BYTES = Integer.MAX_VALUE - 8;

  public RegistrySettings {
    for (long bytes : new long[] {maxManifestBytes, maxConfigBytes, maxTokenBytes}) {
      if (bytes < 1 || bytes > MOST_BYTES) {
        throw new IllegalArgumentException("imagesaga.registry: a byte limit must be 1 to "
            + MOST_BYTES + ", not " + bytes);
      }
    }
    if (maxDownloadBytes < 1 || maxUncompressedBytes < 1 || maxLayers < 1) {
      throw new IllegalArgumentException("imagesaga.registry: max-download-bytes,"
          + " max-uncompressed-bytes and max-layers must be positive");
    }
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("imagesaga.registry.max-redirects must be 0 or more");
    }
    for (Duration duration : new Duration[] {pullDeadline, connectTimeout, requestTimeout}) {
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("imagesaga.registry: a duration must be positive");
      }
    }
  }

  public static RegistrySettings of(Config config) {
    Config c = config.getConfig("imagesaga.registry");
    return new RegistrySettings(c.getBytes("max-manifest-bytes"), c.getBytes("max-config-bytes"),
        c.getBytes("max-token-bytes"), c.getBytes("max-download-bytes"),
        c.getBytes("max-uncompressed-bytes"), c.getInt("max-layers"), c.getInt("max-redirects"),
        c.getDuration("pull-deadline"), c.getDuration("connect-timeout"),
        c.getDuration("request-timeout"));
  }

  /** What the layers of one pull may decompress to, spent as they are decompressed. */
  public ByteBudget uncompressedBudget() {
    return new ByteBudget(maxUncompressedBytes, "layers decompress to more than "
        + maxUncompressedBytes + " bytes (" + name("max-uncompressed-bytes") + ")");
  }

  /** A setting's full name, as a message tells an operator where to change it. */
  static String name(String setting) {
    return "imagesaga.registry." + setting;
  }

  /** {@code duration} as the configuration writes it: {@code 4s}, {@code 10m}, {@code 1h}. */
  static String text(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 != 0) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    return seconds % 3600 == 0 ? seconds / 3600 + "h"
        : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }
}
