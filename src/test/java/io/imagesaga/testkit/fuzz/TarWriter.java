package io.imagesaga.testkit.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Tars of any entry type a hostile archive may hold (files, directories, symbolic and hard
 * links, FIFOs, devices), with PAX headers where a name needs them, written in memory; and a
 * text of the entries for reports.
 */
public final class TarWriter {
  /**
   * One entry. {@code declaredSize} above the content's length writes a header that promises
   * more than follows (the archive is then cut after the content: a "huge declared entry").
   */
  public record Entry(String name, byte type, byte[] content, String linkName,
      long declaredSize, Map<String, String> pax) {
    public static Entry file(String name, byte[] content) {
      return new Entry(name, TarConstants.LF_NORMAL, content, "", content.length, Map.of());
    }

    public static Entry file(String name, String content) {
      return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public static Entry dir(String name) {
      return new Entry(name, TarConstants.LF_DIR, new byte[0], "", 0, Map.of());
    }

    public static Entry symlink(String name, String target) {
      return new Entry(name, TarConstants.LF_SYMLINK, new byte[0], target, 0, Map.of());
    }

    public static Entry hardlink(String name, String target) {
      return new Entry(name, TarConstants.LF_LINK, new byte[0], target, 0, Map.of());
    }

    public static Entry special(String name, byte type) {
      return new Entry(name, type, new byte[0], "", 0, Map.of());
    }

    public Entry declaring(long size) {
      return new Entry(name, type, content, linkName, size, pax);
    }

    public Entry withPax(Map<String, String> headers) {
      return new Entry(name, type, content, linkName, declaredSize, headers);
    }

    @Override
    public String toString() {
      String kind = switch (type) {
        case TarConstants.LF_DIR -> "dir";
        case TarConstants.LF_SYMLINK -> "symlink";
        case TarConstants.LF_LINK -> "hardlink";
        case TarConstants.LF_NORMAL -> "file";
        default -> "type-" + (char) type;
      };
      return kind + " " + FuzzRequest.escape(name, 80)
          + (linkName.isEmpty() ? "" : " -> " + FuzzRequest.escape(linkName, 80))
          + (type == TarConstants.LF_NORMAL ? " " + content.length + "B" : "")
          + (declaredSize > content.length ? " (declares " + declaredSize + "B)" : "")
          + (pax.isEmpty() ? "" : " pax" + pax.keySet());
    }
  }

  private TarWriter() {}

  /** The entries as a tar with its end blocks; cut right after a lying entry if there is one. */
  public static byte[] tar(List<Entry> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      TarArchiveOutputStream out = new TarArchiveOutputStream(bytes);
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Entry entry : entries) {
        if (!entry.pax().isEmpty()) {
          writePax(out, entry.pax());
        }
        TarArchiveEntry header = new TarArchiveEntry(entry.name(), entry.type(), true);
        if (!entry.linkName().isEmpty()) {
          header.setLinkName(entry.linkName());
        }
        header.setSize(entry.type() == TarConstants.LF_NORMAL ? entry.declaredSize() : 0);
        out.putArchiveEntry(header);
        if (header.isDirectory()) { // a file named "x/" is written as the directory it reads as
          out.closeArchiveEntry();
          continue;
        }
        out.write(entry.content());
        if (entry.declaredSize() > entry.content().length) {
          out.flush();
          return bytes.toByteArray(); // the promised rest never comes
        }
        out.closeArchiveEntry();
      }
      out.finish();
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A PAX extended header ({@code x}) for the entry that follows, written as raw records so
   * that any value goes out, also those the writer's own PAX support would refuse.
   */
  private static void writePax(TarArchiveOutputStream out, Map<String, String> records)
      throws IOException {
    StringBuilder text = new StringBuilder();
    records.forEach((key, value) -> {
      String record = " " + key + "=" + value + "\n";
      int length = record.getBytes(StandardCharsets.UTF_8).length;
      int total = length + String.valueOf(length).length();
      if (String.valueOf(total).length() != String.valueOf(length).length()) {
        total++;
      }
      text.append(total).append(record);
    });
    byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry pax = new TarArchiveEntry("PaxHeaders/entry",
        TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
    pax.setSize(content.length);
    out.putArchiveEntry(pax);
    out.write(content);
    out.closeArchiveEntry();
  }

  /** The recipe of an archive: its entries, in order. */
  public static String describe(List<Entry> entries) {
    List<String> parts = new ArrayList<>();
    int shown = Math.min(entries.size(), 12);
    for (int i = 0; i < shown; i++) {
      parts.add(entries.get(i).toString());
    }
    if (entries.size() > shown) {
      parts.add("... " + (entries.size() - shown) + " more");
    }
    return "[" + String.join("; ", parts) + "]";
  }
}
