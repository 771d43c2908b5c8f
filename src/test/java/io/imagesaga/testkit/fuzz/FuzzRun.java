package io.imagesaga.testkit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.Rejection;
import io.imagesaga.testkit.fuzz.RawHttp.Response;
import io.imagesaga.testkit.fuzz.StateProbe.Record;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs fuzz cases against a node and checks the properties on each: an answer within the
 * bound, no 5xx (a 503 with {@code Retry-After}, an admission limit, excepted), no internal
 * error inside a load or pull stream, and nothing stored changed by a request that was refused
 * (4xx, 5xx, or a stream that ends in an error). Case {@code n} is made from its own random
 * source, {@code (seed, n)}, so any case can be made again alone; the state is reset to the
 * {@link FuzzFixture} every {@link #EPOCH} cases, so replaying from the reset before a case
 * rebuilds the state it met.
 */
public final class FuzzRun {
  public static final int EPOCH = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A property that failed: which, on which case, and what the node did. */
  public record Failure(int caseNumber, String property, String detail, FuzzRequest request) {}

  private final long seed;
  private final RequestFuzzer fuzzer;
  private final FuzzFixture fixture;
  private final StateProbe probe;
  private final RawHttp http;
  private final Path dumps;
  private final Tally tally = new Tally();
  private final List<Failure> failures = new ArrayList<>();
  private String catalog;
  private long resetNanos;
  private int journaledRefusals;

  public FuzzRun(long seed, RequestFuzzer fuzzer, FuzzFixture fixture, StateProbe probe,
      RawHttp http, Path dumps) {
    this.seed = seed;
    this.fuzzer = fuzzer;
    this.fixture = fixture;
    this.probe = probe;
    this.http = http;
    this.dumps = dumps;
  }

  public static int epochStart(int caseNumber) {
    return caseNumber - caseNumber % EPOCH;
  }

  /** Case {@code n}'s random source. */
  public static Random random(long seed, int n) {
    long z = seed + 0x9E3779B97F4A7C15L * (n + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return new Random(z ^ (z >>> 31));
  }

  /** Runs cases {@code from} (an epoch's start) to {@code to}, exclusive. */
  public void run(int from, int to) throws IOException, InterruptedException {
    for (int n = from; n < to; n++) {
      if (n == from || n % EPOCH == 0) {
        long start = System.nanoTime();
        fixture.reset();
        resetNanos += System.nanoTime() - start;
        probe.remember(probe.written());
        catalog = probe.catalog();
      }
      runCase(n);
    }
  }

  public FuzzRequest request(int n) {
    return fuzzer.next(random(seed, n));
  }

  private void runCase(int n) throws IOException, InterruptedException {
    long start = System.nanoTime();
    FuzzRequest request = request(n);
    String outcome = check(n, request);
    tally.add(request.family(), outcome, System.nanoTime() - start);
  }

  /** Sends case {@code n} and checks every property; the outcome's name for the tally. */
  private String check(int n, FuzzRequest request) throws IOException, InterruptedException {
    if (catalog == null) {
      catalog = probe.catalog();
    }
    Response response;
    try {
      response = http.exchange(request);
    } catch (RawHttp.Hang hang) {
      fail(n, "answer within the bound", hang.getMessage(), request);
      probe.remember(probe.written());
      catalog = null;
      return "hang";
    } catch (IOException cut) {
      if (!request.oddFraming()) {
        fail(n, "a whole answer", cut.toString(), request);
      }
      probe.remember(probe.written());
      catalog = null;
      return "cut";
    }
    String outcome = judge(n, request, response);
    if (outcome.equals("unanswered") || !refused(outcome)) {
      probe.remember(probe.written());
      catalog = null;
      return outcome;
    }
    StateProbe.Look look = probe.look();
    List<Record> own = probe.notATail(look.written());
    probe.remember(look.written());
    if (StateProbe.isJournaledRefusal(own)) {
      journaledRefusals++;
    } else if (!own.isEmpty()) {
      fail(n, "a refused request writes nothing", outcome + " " + brief(response)
          + "\n  wrote: " + own.subList(0, Math.min(own.size(), 8)), request);
    }
    String after = look.catalog();
    if (!after.equals(catalog)) {
      fail(n, "a refused request changes no image or container", outcome + " "
          + brief(response) + "\n  before: " + FuzzRequest.escape(catalog, 1500)
          + "\n  after:  " + FuzzRequest.escape(after, 1500), request);
    }
    catalog = after;
    return outcome;
  }

  /** The outcome's name for the tally; a broken property is recorded on the way. */
  private String judge(int n, FuzzRequest request, Response response) {
    int status = response.status();
    if (status == 0) {
      if (!request.oddFraming()) {
        fail(n, "an answer", "the connection closed without one", request);
      }
      return "unanswered";
    }
    if (status >= 500) {
      boolean admission = status == 503 && response.header("retry-after") != null;
      if (!admission) {
        fail(n, "no 5xx", brief(response), request);
      }
      return String.valueOf(status);
    }
    if (status == 200 && request.isImport()) {
      String error = streamError(response);
      if (error == null) {
        return "stream ok";
      }
      if (error.equals(Rejection.INTERNAL) || error.startsWith("malformed stream")) {
        fail(n, "no internal error in a stream", error, request);
      }
      return "stream error";
    }
    return String.valueOf(status);
  }

  private static boolean refused(String outcome) {
    return outcome.equals("stream error") || outcome.matches("[45]\\d\\d");
  }

  /** The error a load or pull stream ended with, or null if it did not. */
  private static String streamError(Response response) {
    String last = null;
    for (String line : response.text().split("\r?\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode message = JSON.readTree(line);
        if (message.has("error")) {
          last = message.path("error").asText();
        }
      } catch (IOException e) {
        return "malformed stream: " + FuzzRequest.escape(line, 200);
      }
    }
    return last;
  }

  private static String brief(Response response) {
    return response.status() + " " + FuzzRequest.escape(response.text(), 400);
  }

  private void fail(int n, String property, String detail, FuzzRequest request) {
    Failure failure = new Failure(n, property, detail, request);
    failures.add(failure);
    System.out.println(describe(failure));
    try {
      Files.createDirectories(dumps);
      Files.write(dumps.resolve("seed-" + seed + "-case-" + n + ".http"), request.bytes());
    } catch (IOException e) {
      System.out.println("(could not write the request's bytes: " + e + ")");
    }
  }

  public String describe(Failure failure) {
    return "FUZZ FAILURE seed=" + seed + " case=" + failure.caseNumber() + ": "
        + failure.property() + "\n  " + failure.detail() + "\n" + failure.request().describe()
        + "\n  replay: -Dimagesaga.fuzz.seed=" + seed + " -Dimagesaga.fuzz.case="
        + failure.caseNumber() + " (request bytes: " + dumps.resolve("seed-" + seed + "-case-"
        + failure.caseNumber() + ".http") + ")";
  }

  /** The failures grouped by property, family and message (numbers and hex blanked). */
  public String signatures() {
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    for (Failure f : failures) {
      String detail = f.detail().lines().findFirst().orElse("")
          .replaceAll("[0-9a-f]{12,}", "<hex>").replaceAll("\\d+", "N");
      counts.merge(f.property() + " | " + f.request().family() + " | "
          + detail.substring(0, Math.min(detail.length(), 140)), 1, Integer::sum);
    }
    StringBuilder out = new StringBuilder();
    counts.forEach((signature, count) -> out.append(count).append(" x ").append(signature)
        .append('\n'));
    return out.toString();
  }

  public List<Failure> failures() {
    return failures;
  }

  /** How many refused requests journaled their plan and refusal (allowed, and counted). */
  public int journaledRefusals() {
    return journaledRefusals;
  }

  /** How long the fixture's resets took, in all. */
  public long resetMillis() {
    return resetNanos / 1_000_000;
  }

  public Tally tally() {
    return tally;
  }
}
