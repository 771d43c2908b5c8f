package io.imagesaga.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.app.Main;
import io.imagesaga.cli.DockerCli;
import io.imagesaga.testkit.AgentProcesses;
import io.imagesaga.testkit.EngineClient;
import io.imagesaga.testkit.EngineClient.Answer;
import io.imagesaga.testkit.TestArchives;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What the three-JVM fleet tests ask of the agents: their Engine API and fleet endpoints over
 * HTTP, the {@code imagesaga} command line in the test's JVM, and the stock {@code docker} CLI.
 */
final class AgentCalls {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** A poll's wait: what is asked of an agent that died is not answered until it is removed. */
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(5);
  private static final long POLL_MILLIS = 100;

  /** What a command printed, and its exit status. */
  record Run(int exit, String out, String err) {}

  private final AgentProcesses agents;
  private final Path dockerConfig;

  AgentCalls(AgentProcesses agents, Path dockerConfig) {
    this.agents = agents;
    this.dockerConfig = dockerConfig;
  }

  EngineClient engine(String host) {
    return new EngineClient(agents.httpPort(host), TIMEOUT);
  }

  Answer send(String host, String method, String path) throws IOException, InterruptedException {
    return engine(host).send(method, path, null, null);
  }

  /** {@code docker load} of {@code image} tagged {@code tag} on {@code host}. */
  void load(String host, TestArchives.Image image, String tag) throws Exception {
    ok(engine(host).send("POST", "/images/load?quiet=1", TestArchives.tar(image.entries(tag)),
        "application/x-tar"));
  }

  /** {@code docker run -d image} on {@code host}: the container's ID. */
  String runContainer(String host, String image) throws Exception {
    EngineClient engine = engine(host);
    String id = JSON.readTree(ok(engine.send("POST", "/containers/create", ("{\"Image\":\""
        + image + "\"}").getBytes(), "application/json")).body()).path("Id").asText();
    ok(engine.send("POST", "/containers/" + id + "/start", null, null));
    return id;
  }

  /** {@code DELETE /imagesaga/fleet/images/{name}?query} through {@code host}'s agent. */
  Answer fleetRmi(String host, String name, String query) throws Exception {
    return send(host, "DELETE", "/imagesaga/fleet/images/" + name + query);
  }

  /**
   * Polls {@code GET /imagesaga/fleet/deletes/{id}} on {@code host} until its answer passes
   * {@code until}. An agent may answer 503 or not in time while the fleet delete moves to it
   * (after its agent died); such answers are noted and asked again.
   */
  JsonNode awaitDelete(String host, String id, Predicate<JsonNode> until, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      try {
        Answer answer = new EngineClient(agents.httpPort(host), POLL_TIMEOUT)
            .send("GET", "/imagesaga/fleet/deletes/" + id, null, null);
        if (answer.status() == 200 || answer.status() == 202) {
          JsonNode view = JSON.readTree(answer.body());
          if (until.test(view)) {
            return view;
          }
        }
        noteChange(seen, answer.status() + " " + answer.body());
      } catch (java.net.http.HttpTimeoutException slow) {
        noteChange(seen, "(no answer in time)");
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
    throw new AssertionError("fleet delete " + id + " as " + host + " answers it never got"
        + " there within " + within + "; it answered, in turn: " + String.join("\n", seen));
  }

  /** Each host's status in a fleet delete's view: {@code a done}, {@code c pending}, … */
  static List<String> statuses(JsonNode view) {
    List<String> statuses = new ArrayList<>();
    view.path("Hosts").forEach(h -> statuses.add(h.path("Host").asText() + " "
        + h.path("Status").asText()));
    return statuses;
  }

  /** {@code host}'s part of a fleet delete's view. */
  static JsonNode part(JsonNode view, String host) {
    for (JsonNode part : view.path("Hosts")) {
      if (part.path("Host").asText().equals(host)) {
        return part;
      }
    }
    throw new AssertionError("no host " + host + " in " + view);
  }

  /** {@code imagesaga args…}, run in the test's JVM as an operator runs it. */
  static Run imagesaga(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** {@code -H tcp://…} of {@code host}'s agent, for the command lines. */
  String address(String host) {
    return "tcp://127.0.0.1:" + agents.httpPort(host);
  }

  /** The stock {@code docker} CLI against {@code host}'s agent. */
  DockerCli.Result docker(String host, String... args) throws Exception {
    return new DockerCli(agents.httpPort(host), dockerConfig).run(args);
  }

  /** {@code host}'s audit log after {@code offset}, one JSON record per event. */
  List<JsonNode> auditJournal(String host, long offset) throws Exception {
    Answer answer = ok(send(host, "GET", "/imagesaga/audit/journal?after=" + offset));
    List<JsonNode> records = new ArrayList<>();
    for (String line : answer.body().split("\n")) {
      if (!line.isBlank()) {
        records.add(JSON.readTree(line));
      }
    }
    return records;
  }

  /** The offset of {@code host}'s last audit record, 0 when it has none. */
  long auditEnd(String host) throws Exception {
    List<JsonNode> records = auditJournal(host, 0);
    return records.isEmpty() ? 0 : records.get(records.size() - 1).path("offset").asLong();
  }

  /**
   * Waits until {@code host}'s fleet view lists {@code lost} as unreachable. A view asked while
   * the dead agent is still listed waits for it; such a poll is given up and asked again.
   */
  void awaitUnreachable(String host, String lost) throws Exception {
    EngineClient polling = new EngineClient(agents.httpPort(host), POLL_TIMEOUT);
    awaitTrue(() -> {
      try {
        Answer answer = polling.send("GET", "/imagesaga/fleet/images", null, null);
        return answer.status() == 200 && FleetViewJson.statuses(JSON.readTree(answer.body()))
            .contains(lost + " unreachable");
      } catch (java.net.http.HttpTimeoutException slow) {
        return false;
      }
    }, host + " never listed " + lost + " unreachable");
  }

  /** Waits until every audit event {@code host} journaled so far is in the fleet's table. */
  void awaitShipped(FleetDatabase database, String host) throws Exception {
    long end = auditEnd(host);
    awaitTrue(() -> database.shipped(host) >= end, host + " never shipped its audit log up to #"
        + end);
  }

  /** The lines of {@code audit history name} on {@code host}'s agent that contain {@code part}. */
  List<String> auditLines(String host, String name, String part) {
    Run run = imagesaga("audit", "history", name, "-H", address(host));
    assertThat(run.exit()).as(run.err()).isZero();
    return run.out().lines().filter(line -> line.contains(part)).toList();
  }

  /** A condition that may throw, polled by {@link #awaitTrue}. */
  interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls {@code condition} until it holds, for at most a minute. */
  static void awaitTrue(Condition condition, String failure) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.holds()) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
    throw new AssertionError(failure + " within " + TIMEOUT);
  }

  static Answer ok(Answer answer) {
    assertThat(answer.status()).as(answer.body()).isBetween(200, 299);
    return answer;
  }

  private static void noteChange(List<String> seen, String now) {
    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
      seen.add(now);
    }
  }
}
