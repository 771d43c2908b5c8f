package io.imagesaga.content;

import com.typesafe.config.Config;

/**
 * The ceilings on one {@code docker load} ({@code imagesaga.limits.load}, conf/load.conf). Each
 * refusal names its setting, so that an operator who sees one knows what to raise.
 *
 * @param maxEntries tar entries in the archive, directories and links included
 * @param maxHeaderBytes one entry's header with its PAX records and GNU long names
 * @param maxNameBytes one entry's name, or a link's target (UTF-8)
 * @param maxTotalNameBytes the names and link targets of the archive's files and links, all
 *     together: they are held in memory for the whole load
 * @param maxUncompressedBytes the archive as a tar, plus each layer as it is decompressed
 * @param maxManifestBytes {@code manifest.json}, read into memory
 * @param maxConfigBytes one image config, read into memory
 * @param maxLinkDepth links followed to resolve one name
 * @param maxImages items of {@code manifest.json}
 * @param maxLayers layers of one image
 * @param maxTotalLayers layers of all the images together, each image counting every layer
 *     its manifest item names
 */
public record LoadLimits(int maxEntries, int maxHeaderBytes, int maxNameBytes,
    int maxTotalNameBytes, long maxUncompressedBytes, int maxManifestBytes, int maxConfigBytes,
    int maxLinkDepth, int maxImages, int maxLayers, int maxTotalLayers) {
  public static final String PATH = "imagesaga.limits.load";

  public LoadLimits {
    if (maxEntries < 1 || maxHeaderBytes < 1 || maxNameBytes < 1 || maxTotalNameBytes < 1
        || maxUncompressedBytes < 1 || maxManifestBytes < 1 || maxConfigBytes < 1
        || maxLinkDepth < 0 || maxImages < 1 || maxLayers < 1 || maxTotalLayers < 1) {
      throw new IllegalArgumentException(PATH + ": every limit must be positive");
    }
  }

  public static LoadLimits of(Config config) {
    Config c = config.getConfig(PATH);
    return new LoadLimits(c.getInt("max-entries"), inMemory(c, "max-header-bytes"),
        inMemory(c, "max-name-bytes"), inMemory(c, "max-total-name-bytes"),
        c.getBytes("max-uncompressed-bytes"), inMemory(c, "max-manifest-bytes"),
        inMemory(c, "max-config-bytes"), c.getInt("max-link-depth"), c.getInt("max-images"),
        c.getInt("max-layers"), c.getInt("max-total-layers"));
  }

  /** A size read into one array (or held in memory): Java's arrays end below 2 GiB. */
  private static int inMemory(Config c, String name) {
    long bytes = c.getBytes(name);
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(PATH + "." + name + " must be below 2GiB: " + bytes);
    }
    return (int) bytes;
  }

  /** What one load may decompress, {@link #maxUncompressedBytes}: a budget of its own. */
  public ByteBudget uncompressedBudget() {
    return new ByteBudget(maxUncompressedBytes, "invalid archive: more than "
        + maxUncompressedBytes + " bytes uncompressed" + setting("max-uncompressed-bytes"));
  }

  /** The end of a refusal: the setting that caused it. */
  static String setting(String name) {
    return " (" + PATH + "." + name + ")";
  }
}
