package io.imagesaga.bench;

import io.imagesaga.journal.JournalThroughput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The report's rows from what each step measured, with the targets the performance work set
 * (docs/performance.md, "Benchmarks"). A target stated at 100k images is judged only on a run
 * that reached 100k; a smaller run says where it measured instead.
 */
final class Figures {
  static final int TARGET_SIZE = 100_000;
  static final Target RMI_P50_AT_100K = Target.atMost(2.5, "ms");
  static final Target RMI_FLATNESS = Target.atMost(1.3, "");
  static final Target FILL_100K = Target.atMost(60, "s");
  static final Target ONE_CLIENT_P50 = Target.atMost(2.5, "ms");
  static final Target ONE_CLIENT_P99 = Target.atMost(10, "ms");
  static final Target MANY_CLIENTS_RATE = Target.atLeast(2000, "deletes/s");
  static final Target MANY_CLIENTS_P99 = Target.atMost(25, "ms");
  static final Target LOAD_RATE = Target.atLeast(1000, "images/s");
  static final Target GROUP_COMMIT = Target.atLeast(0.7, "of fsync off");
  static final Target COLD_START = Target.atMost(5, "s");
  static final Target LISTING = Target.atMost(500, "ms");
  static final Target HEAP_PER_IMAGE = Target.atMost(2, "KB");
  static final Target CHAIN_PRUNE = Target.atMost(2, "s");

  private Figures() {}

  static List<Figure> rmi(List<RmiLatency.AtSize> sizes) {
    List<Figure> rows = new ArrayList<>();
    for (RmiLatency.AtSize at : sizes) {
      String where = " at " + count(at.size()) + " images";
      rows.add(atSize("in-process `rmi` p50" + where, ms(at.inProcess().p50Millis()),
          at.inProcess().p50Millis(), RMI_P50_AT_100K, at.size()));
      rows.add(Figure.plain("in-process `rmi` p99" + where, ms(at.inProcess().p99Millis())));
      rows.add(Figure.plain("HTTP `rmi` p50 / p99" + where, ms(at.http().p50Millis()) + " / "
          + ms(at.http().p99Millis())));
    }
    RmiLatency.AtSize first = sizes.get(0);
    RmiLatency.AtSize last = sizes.get(sizes.size() - 1);
    double ratio = last.inProcess().p50Millis() / first.inProcess().p50Millis();
    String name = "in-process `rmi` p50, " + count(last.size()) + " / " + count(first.size());
    rows.add(first.size() <= 1000 && last.size() >= TARGET_SIZE
        ? Figure.judged(name, fixed(ratio, 2), ratio, RMI_FLATNESS)
        : Figure.unjudged(name, fixed(ratio, 2), RMI_FLATNESS, "n/a: target is 100k / 1k"));
    rows.add(atSize("filling " + count(last.size()) + " images in-process (64 in flight)",
        fixed(last.fillSeconds(), 1) + " s", last.fillSeconds(), FILL_100K, last.size()));
    return rows;
  }

  static List<Figure> clients(Map<Integer, LatencySummary> byClients) {
    List<Figure> rows = new ArrayList<>();
    byClients.forEach((clients, s) -> {
      String name = "HTTP `rmi` by tag, " + clients + (clients == 1 ? " client" : " clients");
      String shown = String.format(Locale.ROOT, "%,.0f/s, p50 %s, p99 %s", s.perSecond(),
          ms(s.p50Millis()), ms(s.p99Millis()));
      if (clients == 1) {
        rows.add(Figure.judged(name + ": p50", shown, s.p50Millis(), ONE_CLIENT_P50));
        rows.add(Figure.judged(name + ": p99", ms(s.p99Millis()), s.p99Millis(),
            ONE_CLIENT_P99));
      } else if (clients == 32) {
        rows.add(Figure.judged(name + ": deletes/s", shown, s.perSecond(), MANY_CLIENTS_RATE));
        rows.add(Figure.judged(name + ": p99", ms(s.p99Millis()), s.p99Millis(),
            MANY_CLIENTS_P99));
      } else {
        rows.add(Figure.plain(name, shown));
      }
    });
    return rows;
  }

  static Figure load(int images, double seconds) {
    double rate = images / seconds;
    return Figure.judged("`docker load` of " + count(images) + " one-layer images (one tar, "
            + "HTTP)", String.format(Locale.ROOT, "%.1f s = %,.0f images/s", seconds, rate),
        rate, LOAD_RATE);
  }

  /**
   * One row per number of writers, fsync on as a share of fsync off in the same run; judged
   * where writers are many, since group commit has nothing to gather from one writer.
   */
  static List<Figure> journal(JournalThroughput.Figures f) {
    List<Figure> rows = new ArrayList<>();
    for (JournalThroughput.Row row : f.rows()) {
      String name = "journal events/s, " + row.writers() + " writer" + (row.writers() == 1 ? ""
          : "s") + ", fsync on (off) (`" + f.pluginId() + "`)";
      String shown = String.format(Locale.ROOT, "%,.0f/s (%,.0f/s) = %.2f of fsync off",
          row.fsyncOn(), row.fsyncOff(), row.ratio());
      rows.add(row.writers() >= 64 ? Figure.judged(name, shown, row.ratio(), GROUP_COMMIT)
          : Figure.plain(name, shown));
    }
    return rows;
  }


  /**
   * @param emptyHeap the live heap of a node on an empty data dir, when measured: what the
   *     images add above it is shown beside the target's figure (the whole heap per image)
   */
  static List<Figure> coldStart(ColdStart.Result r, OptionalLong emptyHeap) {
    String where = " at " + count(r.images()) + " images";
    double perImageKb = r.heapBytesPerImage() / 1000;
    String aboveEmpty = emptyHeap.isEmpty() ? "" : String.format(Locale.ROOT,
        " (%.2f KB above an empty node's %.0f MB)",
        (r.heapBytes() - emptyHeap.getAsLong()) / 1000.0 / r.images(),
        emptyHeap.getAsLong() / 1e6);
    return List.of(
        atSize("cold start of `serve` to `/_ping`" + where, fixed(r.startSeconds(), 1) + " s",
            r.startSeconds(), COLD_START, r.images()),
        atSize("`GET /images/json` p50 of " + r.listing().count() + where,
            ms(r.listing().p50Millis()), r.listing().p50Millis(), LISTING, r.images()),
        atSize("heap after GC, idle" + where, String.format(Locale.ROOT,
            "%.0f MB = %.2f KB per image%s", r.heapBytes() / 1e6, perImageKb, aboveEmpty),
            perImageKb,
            HEAP_PER_IMAGE, r.images()));
  }

  /** The start alone: listing and heap are the plain start's figures. */
  static Figure sharedClassesStart(ColdStart.Result r) {
    return atSize("cold start with class-data sharing (`src/main/scripts/serve`) at "
        + count(r.images()) + " images", fixed(r.startSeconds(), 1) + " s", r.startSeconds(),
        COLD_START, r.images());
  }

    static Figure chainPrune(int depth, double seconds) {
    return Figure.judged("`rmi` of a " + count(depth) + "-deep parent chain's tip (prunes "
        + "it all)", fixed(seconds, 2) + " s", seconds, CHAIN_PRUNE);
  }

  /** Judged when measured at {@link #TARGET_SIZE} images or more. */
  static Figure atSize(String name, String shown, double value, Target target, int size) {
    return size >= TARGET_SIZE ? Figure.judged(name, shown, value, target)
        : Figure.unjudged(name, shown, target, "n/a: target is at 100k");
  }

  static String count(int n) {
    return n >= 1000 && n % 1000 == 0 ? n / 1000 + "k" : String.format(Locale.ROOT, "%,d", n);
  }

  static String ms(double millis) {
    return fixed(millis, 2) + " ms";
  }

  private static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
