package io.imagesaga.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code imagesaga fleet rmi|prune|status|images} against recorded answers of the shapes
 * docs/fleet.md gives ("Endpoints", "Fleet deletes"): what each prints, where, its exit status,
 * and what it asks the agent.
 */
class FleetCommandTest {
  private static final String ID = "5d9c7e0a-1b2c-4d3e-8f40-5a6b7c8d9e0f";
  private static final String CONFLICT = "conflict: unable to remove repository reference"
      + " \\\"app:1\\\" (must force) - container 0123456789ab is using its referenced image"
      + " 4567890abcde";

  private RecordedAgent agent;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    agent = new RecordedAgent();
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  private Run fleet(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Main.commandLine()
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 3];
    all[0] = "fleet";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "-H";
    all[args.length + 2] = agent.host();
    return new Run(command.execute(all), out.toString(), err.toString());
  }

  @Test
  void rmi_waits_for_pending_hosts_with_a_progress_line_then_prints_every_host()
      throws Exception {
    agent.on("DELETE", "/imagesaga/fleet/images/app:1", 202, """
        {"Id": "%s", "Name": "app:1", "DryRun": false, "Finished": false, "Hosts": [
         {"Host": "a", "Status": "done", "Records": [{"Untagged": "app:1"},
           {"Deleted": "sha256:aaaa"}]},
         {"Host": "b", "Status": "done", "Error": {"status": 409, "message": "%s",
           "blockers": {"children": [], "containers": [{"id": "0123", "running": true}]}}},
         {"Host": "c", "Status": "done", "Error": {"status": 404,
           "message": "No such image: app:1"}},
         {"Host": "d", "Status": "pending"},
         {"Host": "e", "Status": "pending"}]}""".formatted(ID, CONFLICT));
    agent.on("GET", "/imagesaga/fleet/deletes/" + ID, 200, answer(false, "pending"));
    agent.on("GET", "/imagesaga/fleet/deletes/" + ID, 200, answer(false, "pending"));
    agent.on("GET", "/imagesaga/fleet/deletes/" + ID, 200, answer(true, "unreachable"));

    Run run = fleet("rmi", "app:1", "--force", "--no-prune", "--hosts", "a,b,c,d,e",
        "--exclude-hosts", "f");

    assertThat(agent.requests()).first().isEqualTo("DELETE /imagesaga/fleet/images/app:1"
        + "?force=1&noprune=1&hosts=a%2Cb%2Cc%2Cd%2Ce&exclude-hosts=f");
    assertThat(agent.requests()).hasSize(4).allMatch(r -> r.startsWith("DELETE /")
        || r.equals("GET /imagesaga/fleet/deletes/" + ID));
    assertThat(run.out()).isEqualTo("""
        a: Untagged: app:1
        a: Deleted: sha256:aaaa
        d: Untagged: app:1
        d: Deleted: sha256:aaaa
        """);
    assertThat(run.err()).isEqualTo("""
        waiting for 2 of 5 hosts: d, e (fleet delete %s)
        waiting for 1 of 5 hosts: e (fleet delete %s)
        b: Error response from daemon: %s
        c: Error response from daemon: No such image: app:1
        e: unreachable
        """.formatted(ID, ID, CONFLICT.replace("\\\"", "\"")));
    assertThat(run.exit()).isEqualTo(1);
  }

  /** The fleet delete of the first test after d answered; e as given. */
  private static String answer(boolean finished, String e) {
    return """
        {"Id": "%s", "Name": "app:1", "DryRun": false, "Finished": %s, "Hosts": [
         {"Host": "a", "Status": "done", "Records": [{"Untagged": "app:1"},
           {"Deleted": "sha256:aaaa"}]},
         {"Host": "b", "Status": "done", "Error": {"status": 409, "message": "%s"}},
         {"Host": "c", "Status": "done", "Error": {"status": 404,
           "message": "No such image: app:1"}},
         {"Host": "d", "Status": "done", "Records": [{"Untagged": "app:1"},
           {"Deleted": "sha256:aaaa"}]},
         {"Host": "e", "Status": "%s"}]}""".formatted(ID, finished, CONFLICT, e);
  }

  @Test
  void rmi_finished_at_once_succeeds_though_a_host_never_held_the_name() {
    agent.on("DELETE", "/imagesaga/fleet/images/registry.example:5000/team/app:1", 200, """
        {"Id": "%s", "Name": "registry.example:5000/team/app:1", "DryRun": true,
         "Finished": true, "Hosts": [
         {"Host": "a", "Status": "done", "Records": [
           {"Untagged": "registry.example:5000/team/app:1"}]},
         {"Host": "b", "Status": "done", "Error": {"status": 404,
           "message": "No such image: registry.example:5000/team/app:1"}}]}""".formatted(ID));

    Run run = fleet("rmi", "--dry-run", "registry.example:5000/team/app:1");

    assertThat(agent.requests()).containsExactly(
        "DELETE /imagesaga/fleet/images/registry.example:5000/team/app:1?dryrun=1");
    assertThat(run.out()).isEqualTo("a: Untagged: registry.example:5000/team/app:1\n");
    assertThat(run.err()).isEqualTo("b: Error response from daemon: No such image:"
        + " registry.example:5000/team/app:1\nDry run: nothing was deleted.\n");
    assertThat(run.exit()).isZero();
  }

  @Test
  void rmi_refused_before_any_host_was_asked_prints_the_agents_error() {
    agent.on("DELETE", "/imagesaga/fleet/images/library/alpine:3", 409,
        "{\"message\":\"alpine:3 is protected in the fleet (docker.io/library/*)\"}");

    Run run = fleet("rmi", "library/alpine:3");

    assertThat(run).isEqualTo(new Run(1, "", "Error response from daemon: alpine:3 is"
        + " protected in the fleet (docker.io/library/*)\n"));
  }

  @Test
  void prune_prints_each_hosts_report_as_docker_image_prune_does() {
    agent.on("POST", "/imagesaga/fleet/images/prune", 200, """
        {"Id": "%s", "DryRun": false, "Finished": true, "Hosts": [
         {"Host": "a", "Status": "done", "Records": [{"Untagged": "old:1"},
           {"Deleted": "sha256:bbbb"}, {"Deleted": "sha256:cccc"}], "Reclaimed": 7470000},
         {"Host": "b", "Status": "done", "Records": [], "Reclaimed": 0}]}""".formatted(ID));

    Run run = fleet("prune", "-a", "--force", "--filter", "until=24h", "--filter",
        "label=team=web", "--exclude-hosts", "c");

    assertThat(agent.requests()).containsExactly("POST /imagesaga/fleet/images/prune?filters="
        + "%7B%22until%22%3A%7B%2224h%22%3Atrue%7D%2C%22label%22%3A%7B%22team%3Dweb%22%3Atrue"
        + "%7D%2C%22dangling%22%3A%7B%22false%22%3Atrue%7D%7D&exclude-hosts=c");
    assertThat(run).isEqualTo(new Run(0, """
        a: Deleted Images:
        a: untagged: old:1
        a: deleted: sha256:bbbb
        a: deleted: sha256:cccc
        a: Total reclaimed space: 7.47MB
        b: Total reclaimed space: 0B
        """, ""));
  }

  @Test
  void prune_asks_first_and_asks_no_host_unless_told_yes() {
    agent.on("POST", "/imagesaga/fleet/images/prune", 200, """
        {"Id": "%s", "DryRun": false, "Finished": true, "Hosts": [
         {"Host": "a", "Status": "done", "Records": [], "Reclaimed": 0}]}""".formatted(ID));
    String question = "WARNING! This will remove all dangling images on hosts a.\n"
        + "Are you sure you want to continue? [y/N] ";

    Run declined = withStdin("n\n", () -> fleet("prune", "--hosts", "a"));
    assertThat(declined).isEqualTo(new Run(0, question, "Cancelled: no host was asked.\n"));
    assertThat(agent.requests()).isEmpty();

    Run accepted = withStdin("y\n", () -> fleet("prune", "--hosts", "a"));
    assertThat(accepted).isEqualTo(new Run(0, question + "a: Total reclaimed space: 0B\n",
        ""));
    assertThat(agent.requests()).containsExactly("POST /imagesaga/fleet/images/prune?filters="
        + "%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%7D&hosts=a");
  }

  @Test
  void status_shows_a_running_fleet_delete_and_what_it_still_waits_for() {
    agent.on("GET", "/imagesaga/fleet/deletes/" + ID, 200, """
        {"Id": "%s", "Name": "app:1", "DryRun": false, "Finished": false, "Hosts": [
         {"Host": "a", "Status": "done", "Records": [{"Untagged": "app:1"}]},
         {"Host": "b", "Status": "pending"}]}""".formatted(ID));

    Run run = fleet("status", ID);

    assertThat(run).isEqualTo(new Run(1, "a: Untagged: app:1\n", "b: pending\nfleet delete "
        + ID + " is still running; pending: 1 of 2 hosts: b\n"));
    assertThat(fleet("status", "unknown").err())
        .isEqualTo("Error response from daemon: page not found\n");
  }

  @Test
  void images_prints_one_row_per_image_host_and_tag_and_warns_of_unreachable_hosts() {
    agent.on("GET", "/imagesaga/fleet/images", 200, """
        {"Images": [
          {"Id": "sha256:7eb63048bf25aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
           "Hosts": [
            {"Host": "a", "RepoTags": ["sample/app:1"], "RepoDigests": [], "Size": 4100,
             "Containers": []},
            {"Host": "b", "RepoTags": ["sample/app:1", "localhost:5000/app:prod"],
             "RepoDigests": [], "Size": 4100,
             "Containers": [{"Id": "c1", "Running": true}, {"Id": "c2", "Running": false}]}]},
          {"Id": "sha256:daa0d9140909bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
           "Hosts": [
            {"Host": "a", "RepoTags": [], "RepoDigests": ["sample/base@sha256:0123"],
             "Size": 2050, "Containers": [{"Id": "c3", "Running": false}]}]}],
         "Hosts": [{"Host": "a", "Status": "reachable"}, {"Host": "b", "Status": "reachable"},
          {"Host": "c", "Status": "unreachable"}]}""");

    Run run = fleet("images", "--filter", "dangling=false");

    assertThat(agent.requests()).containsExactly("GET /imagesaga/fleet/images?filters="
        + "%7B%22dangling%22%3A%7B%22false%22%3Atrue%7D%7D");
    assertThat(run).isEqualTo(new Run(0, """
        IMAGE ID       HOST      REPOSITORY           TAG       CONTAINERS
        7eb63048bf25   a         sample/app           1         0
        7eb63048bf25   b         sample/app           1         2 (1 running)
        7eb63048bf25   b         localhost:5000/app   prod      2 (1 running)
        daa0d9140909   a         sample/base          <none>    1
        """, "WARNING: host c is unreachable: its images are not listed\n"));
  }

  @Test
  void images_from_an_agent_that_runs_alone_prints_its_refusal() {
    agent.on("GET", "/imagesaga/fleet/images", 404, "{\"message\":\"this agent runs alone:"
        + " no fleet is configured (IMAGESAGA_SEED_NODES)\"}");

    assertThat(fleet("images")).isEqualTo(new Run(1, "", "Error response from daemon: this"
        + " agent runs alone: no fleet is configured (IMAGESAGA_SEED_NODES)\n"));
  }

  @Test
  void an_address_that_is_no_agents_is_refused() {
    StringWriter err = new StringWriter();
    int exit = Main.commandLine().setErr(new PrintWriter(err, true))
        .execute("fleet", "images", "-H", "unix:///var/run/docker.sock");
    assertThat(exit).isEqualTo(1);
    assertThat(err).hasToString("Error: not an agent's address: unix:///var/run/docker.sock"
        + " (tcp://host:port or http://host:port)\n");
  }

  private static Run withStdin(String input, java.util.function.Supplier<Run> body) {
    InputStream before = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    try {
      return body.get();
    } finally {
      System.setIn(before);
    }
  }
}
