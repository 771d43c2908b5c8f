package io.imagesaga.app;

import io.imagesaga.app.FleetClient.DaemonError;
import io.imagesaga.app.FleetClient.Selection;
import io.imagesaga.fleet.FleetImages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imagesaga fleet …}: the fleet's images and fleet deletes (docs/fleet.md), through any
 * agent of the fleet. An error answer is printed as the docker CLI prints one, exit status 1.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
    subcommands = {FleetCommand.Images.class, FleetCommand.Rmi.class, FleetCommand.Prune.class,
        FleetCommand.Status.class},
    description = "Which hosts hold which images; delete an image on every host at once.")
final class FleetCommand implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** The agent a command talks to. */
  static final class Target {
    @Option(names = {"-H", "--host"}, defaultValue = "${env:DOCKER_HOST:-tcp://127.0.0.1:2375}",
        description = "Any agent of the fleet: tcp://host:port or an http URL (default: "
            + "DOCKER_HOST, else tcp://127.0.0.1:2375).")
    String host;

    FleetClient client() {
      return new FleetClient(host);
    }
  }

  /** Which hosts a fleet delete asks, and whether it only tells what it would do. */
  static final class HostOptions {
    @Option(names = "--dry-run", description = "Each host tells what it would delete, and "
        + "deletes nothing.")
    boolean dryRun;

    @Option(names = "--hosts", split = ",", paramLabel = "<host>",
        description = "Only these hosts (comma-separated).")
    List<String> hosts;

    @Option(names = "--exclude-hosts", split = ",", paramLabel = "<host>",
        description = "Every host but these (comma-separated).")
    List<String> excludeHosts;

    Selection selection() {
      return new Selection(dryRun, hosts, excludeHosts);
    }

    /** The hosts in words, for a prompt. */
    String described() {
      if (hosts != null && !hosts.isEmpty()) {
        return "on hosts " + String.join(", ", hosts);
      }
      return excludeHosts == null || excludeHosts.isEmpty() ? "on every host of the fleet"
          : "on every host but " + String.join(", ", excludeHosts);
    }
  }

  /** Runs {@code body}; an error answer is printed as the docker CLI does, exit status 1. */
  private static int answering(CommandSpec spec, Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (DaemonError e) {
      spec.commandLine().getErr().println("Error response from daemon: " + e.getMessage());
      return 1;
    }
  }

  /** Waits for a fleet delete to finish, then prints it host by host. */
  private static int report(CommandSpec spec, FleetClient client, FleetDeleteAnswer started)
      throws InterruptedException {
    FleetDeleteAnswer answer = new PendingHosts(client, spec.commandLine().getErr())
        .awaitFinished(started);
    print(spec, answer);
    return FleetText.succeeded(answer) ? 0 : 1;
  }

  private static void print(CommandSpec spec, FleetDeleteAnswer answer) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (FleetText.Line line : FleetText.answer(answer)) {
      (line.error() ? err : out).println(line.text());
      (line.error() ? err : out).flush();
    }
  }

  @Command(name = "images", mixinStandardHelpOptions = true,
      description = "Every image of the fleet: on which hosts, under which tags, used by how "
          + "many containers there.")
  static final class Images implements Callable<Integer> {
    @Mixin Target target;
    @Spec CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Intermediate images too.")
    boolean all;

    @Option(names = "--filter", paramLabel = "<key=value>",
        description = "As docker images --filter, applied on each host.")
    List<String> filters;

    @Override
    public Integer call() throws Exception {
      return answering(spec, () -> {
        FleetImages.View view = target.client().images(all,
            filters == null ? Optional.empty() : Optional.of(FilterArgs.json(filters)));
        spec.commandLine().getOut().print(FleetText.imagesTable(view));
        spec.commandLine().getOut().flush();
        FleetText.unreachable(view).forEach(spec.commandLine().getErr()::println);
        return 0;
      });
    }
  }

  @Command(name = "rmi", mixinStandardHelpOptions = true,
      description = "Remove an image from every host, as docker rmi does on each.")
  static final class Rmi implements Callable<Integer> {
    @Mixin Target target;
    @Mixin HostOptions hostOptions;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "A reference or an image ID (prefix).")
    String name;

    @Option(names = {"-f", "--force"}, description = "Force removal of the image.")
    boolean force;

    @Option(names = "--no-prune", description = "Do not delete untagged parents.")
    boolean noPrune;

    @Override
    public Integer call() throws Exception {
      return answering(spec, () -> {
        FleetClient client = target.client();
        return report(spec, client, client.delete(name, force, noPrune,
            hostOptions.selection()));
      });
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Remove unused images on every host, as docker image prune does on each.")
  static final class Prune implements Callable<Integer> {
    @Mixin Target target;
    @Mixin HostOptions hostOptions;
    @Spec CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just "
        + "dangling ones.")
    boolean all;

    @Option(names = "--filter", paramLabel = "<key=value>",
        description = "As docker image prune --filter (until=24h, label=…).")
    List<String> filters;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.")
    boolean force;

    @Override
    public Integer call() throws Exception {
      String json = FilterArgs.forPrune(filters, all);
      if (!force && !hostOptions.dryRun && !confirmed()) {
        spec.commandLine().getErr().println("Cancelled: no host was asked.");
        return 0;
      }
      return answering(spec, () -> {
        FleetClient client = target.client();
        return report(spec, client, client.prune(json, hostOptions.selection()));
      });
    }

    /** docker image prune's question, naming the hosts; only {@code y} goes on. */
    private boolean confirmed() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      out.print("WARNING! This will remove all " + (all
          ? "images without at least one container associated to them"
          : "dangling images") + " " + hostOptions.described() + ".\n"
          + "Are you sure you want to continue? [y/N] ");
      out.flush();
      String reply = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8)).readLine();
      return reply != null && reply.strip().equalsIgnoreCase("y");
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "A fleet delete or prune as it stands, host by host.")
  static final class Status implements Callable<Integer> {
    @Mixin Target target;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The fleet delete's Id.")
    String id;

    @Override
    public Integer call() throws Exception {
      return answering(spec, () -> {
        FleetDeleteAnswer answer = target.client().status(id);
        print(spec, answer);
        if (!answer.finished()) {
          spec.commandLine().getErr().println(FleetText.running(answer));
        }
        return FleetText.succeeded(answer) ? 0 : 1;
      });
    }
  }
}
