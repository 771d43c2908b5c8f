package io.imagesaga.app;

import io.imagesaga.audit.AuditLog;
import io.imagesaga.audit.CatalogView;
import io.imagesaga.audit.History;
import io.imagesaga.audit.InvariantCheck;
import io.imagesaga.audit.JournalExport;
import io.imagesaga.audit.JournalRecord;
import io.imagesaga.audit.NamesSeen;
import io.imagesaga.audit.PointInTime;
import io.imagesaga.audit.RecordText;
import io.imagesaga.fleet.FleetAuditLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * {@code audit history|at|verify|export --fleet}: the commands over the fleet's audit log, each
 * host's records replayed by the code that replays one node's, in that host's write order, and
 * every record or row naming its host.
 */
final class FleetAuditCommands {
  private FleetAuditCommands() {}

  /** A record of the fleet's log: the host that wrote it, and the record. */
  record HostRecord(String host, JournalRecord record) {}

  /**
   * One timeline of every host's history of {@code name}: the name is resolved against the
   * names every host's log ever had (an image ID is the same image on every host).
   */
  static void history(FleetAuditLog fleet, String name, Audit.Format format, PrintWriter out) {
    List<String> hosts = fleet.hosts();
    NamesSeen names = new NamesSeen();
    hosts.forEach(host -> Audit.replay(fleet.host(host), record -> true, names::accept));
    History.Subject subject = names.resolve(name);
    Map<String, List<JournalRecord>> histories = new LinkedHashMap<>();
    for (String host : hosts) {
      History history = new History(subject);
      Audit.replay(fleet.host(host), record -> true, history::accept);
      histories.put(host, history.records());
    }
    int width = width(hosts);
    for (HostRecord line : timeline(histories)) {
      out.println(format == Audit.Format.JSON ? JournalExport.text(line.host(), line.record())
          : pad(line.host(), width) + "  " + RecordText.line(line.record()));
    }
  }

  /**
   * The records of every host merged by write time, ties in host order. A host's own records
   * keep their write order whatever their times say: the merge only ever takes a host's next.
   */
  static List<HostRecord> timeline(Map<String, List<JournalRecord>> byHost) {
    record Cursor(String host, List<JournalRecord> records, int next) {
      JournalRecord head() {
        return records.get(next);
      }
    }
    List<String> order = new ArrayList<>(byHost.keySet());
    PriorityQueue<Cursor> heads = new PriorityQueue<>(Comparator
        .comparing((Cursor c) -> c.head().written()).thenComparing(c -> order.indexOf(c.host())));
    byHost.forEach((host, records) -> {
      if (!records.isEmpty()) {
        heads.add(new Cursor(host, records, 0));
      }
    });
    List<HostRecord> merged = new ArrayList<>();
    while (!heads.isEmpty()) {
      Cursor cursor = heads.poll();
      merged.add(new HostRecord(cursor.host(), cursor.head()));
      if (cursor.next() + 1 < cursor.records().size()) {
        heads.add(new Cursor(cursor.host(), cursor.records(), cursor.next() + 1));
      }
    }
    return merged;
  }

  /** Each host's catalog at {@code at}: one table with a HOST column, or one JSON document. */
  static void at(FleetAuditLog fleet, Instant at, Audit.Format format, PrintWriter out) {
    Map<String, CatalogView> views = new LinkedHashMap<>();
    for (String host : fleet.hosts()) {
      PointInTime cut = new PointInTime(at);
      Audit.replay(fleet.host(host), record -> cut.wantsMore(), cut::offer);
      views.put(host, new CatalogView(cut.state(), at));
    }
    if (format == Audit.Format.TEXT) {
      out.print(CatalogView.table(views));
      return;
    }
    List<Map<String, Object>> hosts = new ArrayList<>();
    views.forEach((host, view) -> {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("Host", host);
      document.putAll(view.document());
      hosts.add(document);
    });
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("At", at.toString());
    document.put("Hosts", hosts);
    out.println(JournalExport.pretty(document));
  }

  /**
   * Checks each host's log as {@code audit verify} checks a node's, every line of its report
   * led by the host; the status is a violation's (1) if any host has one, else an incomplete
   * log's (2) if any, else 0.
   */
  static int verify(FleetAuditLog fleet, PrintWriter out) {
    List<String> hosts = fleet.hosts();
    if (hosts.isEmpty()) {
      out.println("no host has shipped its audit log yet");
    }
    int width = width(hosts);
    int status = 0;
    for (String host : hosts) {
      AuditLog log = fleet.host(host);
      InvariantCheck check = new InvariantCheck();
      Audit.replay(log, record -> check.violation().isEmpty() && check.state().gap().isEmpty(),
          check::apply);
      StringWriter report = new StringWriter();
      int hostStatus;
      try (PrintWriter writer = new PrintWriter(report)) {
        hostStatus = VerifyReport.print(check, log, writer);
      }
      report.toString().lines().forEach(line -> out.println(pad(host, width) + "  " + line));
      status = status == 1 || hostStatus == 1 ? 1 : Math.max(status, hostStatus);
    }
    return status;
  }

  /** Every host's records as JSON Lines with their {@code host}, host after host. */
  static void export(FleetAuditLog fleet, Writer out) {
    for (String host : fleet.hosts()) {
      Audit.replay(fleet.host(host), record -> true, record -> {
        try {
          out.write(JournalExport.text(host, record));
          out.write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private static int width(List<String> hosts) {
    return hosts.stream().mapToInt(String::length).max().orElse(0);
  }

  private static String pad(String host, int width) {
    return host + " ".repeat(width - host.length());
  }
}
