package io.imagesaga.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The {@code changes} of a {@code docker import}: Dockerfile instructions applied to the new
 * image's empty container config, as moby's {@code BuildFromConfig} applies them. dockerd
 * allows CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME and
 * WORKDIR, and so does this class. As dockerd, it parses every change ({@link ChangeLine}), then
 * refuses any other instruction, then reads each instruction's arguments and flags, and only
 * then applies them in order; ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME and WORKDIR expand
 * variables ({@link ShellLexer}) with the environment the earlier changes set, CMD, ENTRYPOINT,
 * HEALTHCHECK and ONBUILD keep them as written. Pure: a change that fails refuses the import
 * before its body is stored.
 */
public final class ImportChanges {
  private static final Set<String> VALID = Set.of("cmd", "entrypoint", "env", "expose",
      "healthcheck", "label", "onbuild", "stopsignal", "user", "volume", "workdir");
  private static final Pattern ONBUILD = Pattern.compile("(?i)^\\s*ONBUILD\\s*");

  private ImportChanges() {}

  /** The container config {@code changes} make of an empty one, in dockerd's field order. */
  public static ObjectNode apply(List<String> changes) {
    List<ChangeLine> lines = ChangeLine.parse(changes);
    for (ChangeLine line : lines) {
      if (!VALID.contains(line.instruction())) {
        throw invalid(line.instruction() + " is not a valid change command");
      }
    }
    List<Consumer<ImportConfig>> commands = lines.stream().map(ImportChanges::command).toList();
    ImportConfig config = new ImportConfig();
    commands.forEach(command -> command.accept(config));
    return config.json();
  }

  /** {@code line} checked as its instruction checks it; the step that applies it. */
  private static Consumer<ImportConfig> command(ChangeLine line) {
    String name = line.instruction().toUpperCase(Locale.ROOT);
    List<String> args = line.args();
    // No check common to all: CMD and ENTRYPOINT take nothing, USER exactly one word.
    return switch (line.instruction()) {
      case "env", "label" -> keyValues(name, line);
      case "expose" -> {
        atLeastOne(name, args);
        noFlags(line);
        List<String> ports = args.stream().sorted().toList();
        yield c -> c.expose(ports);
      }
      case "user", "workdir", "stopsignal" -> oneWord(name, line);
      case "volume" -> volume(line);
      case "cmd", "entrypoint" -> commandLine(name, line);
      case "healthcheck" -> {
        ObjectNode health = HealthcheckChange.parse(line.flags(), args, line.json());
        yield c -> c.healthcheck(health);
      }
      case "onbuild" -> onbuild(line);
      default -> throw new IllegalStateException("no rule for " + line.instruction());
    };
  }

  /** ENV or LABEL: key, value, key, value... as the parser split them; no key blank. */
  private static Consumer<ImportConfig> keyValues(String name, ChangeLine line) {
    noFlags(line);
    List<String> pairs = line.args();
    atLeastOne(name, pairs);
    if (pairs.size() % 2 != 0) {
      throw invalid("Bad input to " + name + ", too many arguments");
    }
    for (int i = 0; i < pairs.size(); i += 2) {
      if (pairs.get(i).isEmpty()) {
        throw invalid(name + " names can not be blank");
      }
    }
    return name.equals("ENV") ? c -> c.env(pairs) : c -> c.labels(pairs);
  }

  private static Consumer<ImportConfig> oneWord(String name, ChangeLine line) {
    if (line.args().size() != 1) {
      throw invalid(name + " requires exactly one argument");
    }
    if (!name.equals("STOPSIGNAL")) { // dockerd never reads STOPSIGNAL's flags
      noFlags(line);
    }
    String word = line.args().get(0);
    return c -> c.word(line.instruction(), word);
  }

  /** CMD or ENTRYPOINT: the JSON form as it is, the shell form run by {@code /bin/sh -c}. */
  private static Consumer<ImportConfig> commandLine(String name, ChangeLine line) {
    noFlags(line);
    List<String> args = line.args();
    List<String> value = line.json() || args.isEmpty() ? args
        : List.of("/bin/sh", "-c", String.join(" ", args));
    // Empty is [] for both, as moby's resolveCmdLine answers for no command line.
    return name.equals("CMD") ? c -> c.cmd(value) : c -> c.entrypoint(value);
  }

  private static Consumer<ImportConfig> volume(ChangeLine line) {
    atLeastOne("VOLUME", line.args());
    noFlags(line);
    List<String> paths = new ArrayList<>();
    for (String path : line.args()) {
      if (path.isBlank()) {
        throw invalid("VOLUME specified can not be an empty string");
      }
      paths.add(path.strip());
    }
    return c -> c.volumes(paths);
  }

  private static Consumer<ImportConfig> onbuild(ChangeLine line) {
    atLeastOne("ONBUILD", line.args());
    noFlags(line);
    String trigger = line.args().get(0).strip().toUpperCase(Locale.ROOT);
    switch (trigger) {
      case "ONBUILD" -> throw invalid("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      case "FROM", "MAINTAINER" -> throw invalid(trigger + " isn't allowed as an ONBUILD trigger");
      default -> { }
    }
    String expression = ONBUILD.matcher(line.original()).replaceFirst("");
    return c -> c.onbuild(expression);
  }

  private static void atLeastOne(String name, List<String> args) {
    if (args.isEmpty()) {
      throw invalid(name + " requires at least one argument");
    }
  }

  /** Every instruction but HEALTHCHECK defines no flag: the first one given is unknown. */
  private static void noFlags(ChangeLine line) {
    BuilderFlags.parse(line.flags(), Set.of());
  }

  static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
