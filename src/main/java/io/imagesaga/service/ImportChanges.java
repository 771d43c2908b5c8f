package io.imagesaga.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code changes} of a {@code docker import}: Dockerfile instructions applied to the new
 * image's empty container config, as moby's {@code BuildFromConfig} applies them. dockerd
 * allows CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME and
 * WORKDIR; every one but HEALTHCHECK (whose options this node does not parse) is applied here.
 * Variables ({@code $NAME}) are not expanded. Pure: a change that fails refuses the import
 * before its body is stored.
 */
public final class ImportChanges {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> VALID = Set.of("cmd", "entrypoint", "env", "expose",
      "healthcheck", "label", "onbuild", "stopsignal", "user", "volume", "workdir");

  private ImportChanges() {}

  /** The container config {@code changes} make of an empty one, in dockerd's field order. */
  public static ObjectNode apply(List<String> changes) {
    Config config = new Config();
    for (String change : changes) {
      String line = change.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] split = line.split("\\s+", 2);
      String instruction = split[0].toLowerCase(Locale.ROOT);
      String rest = split.length > 1 ? split[1].strip() : "";
      if (!VALID.contains(instruction)) {
        throw invalid(instruction + " is not a valid change command");
      }
      if (rest.isEmpty()) {
        throw invalid(instruction.toUpperCase(Locale.ROOT) + " requires at least one argument");
      }
      config.apply(instruction, rest);
    }
    return config.json();
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }

  /** The fields the allowed instructions set; the rest of dockerd's config stays empty. */
  private static final class Config {
    private String user = "";
    private final Map<String, String> env = new LinkedHashMap<>();
    private List<String> cmd;
    private List<String> entrypoint;
    private final Map<String, String> ports = new TreeMap<>();
    private final Map<String, String> volumes = new TreeMap<>();
    private String workdir = "";
    private final List<String> onbuild = new ArrayList<>();
    private final Map<String, String> labels = new TreeMap<>();
    private String stopSignal = "";

    void apply(String instruction, String rest) {
      switch (instruction) {
        case "cmd" -> cmd = command(rest);
        case "entrypoint" -> entrypoint = command(rest);
        case "env" -> env.putAll(pairs("ENV", rest));
        case "label" -> labels.putAll(pairs("LABEL", rest));
        case "expose" -> DockerfileWords.split(rest).forEach(
            word -> DockerfileWords.ports(word).forEach(port -> ports.put(port, "")));
        case "volume" -> volumes(rest);
        case "user" -> user = DockerfileWords.unquote(rest);
        case "workdir" -> workdir = DockerfileWords.workdir(workdir, DockerfileWords.unquote(rest));
        case "onbuild" -> onbuild.add(onbuild(rest));
        case "stopsignal" -> stopSignal = DockerfileWords.unquote(rest);
        case "healthcheck" -> throw invalid(
            "HEALTHCHECK changes are not supported by this node's import");
        default -> throw new IllegalStateException("no rule for " + instruction);
      }
    }

    /** The JSON form as it is, the shell form run by {@code /bin/sh -c} (moby on Linux). */
    private static List<String> command(String rest) {
      return jsonForm(rest).orElseGet(() -> List.of("/bin/sh", "-c", rest));
    }

    private void volumes(String rest) {
      List<String> paths = jsonForm(rest).orElseGet(() -> DockerfileWords.split(rest));
      for (String path : paths) {
        if (path.isBlank()) {
          throw invalid("VOLUME specified can not be an empty string");
        }
        volumes.put(path, "");
      }
    }

    private static String onbuild(String rest) {
      String trigger = rest.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
      return switch (trigger) {
        case "ONBUILD" -> throw invalid("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        case "FROM", "MAINTAINER" -> throw invalid(trigger
            + " isn't allowed as an ONBUILD trigger");
        default -> rest;
      };
    }

    /** {@code k=v k2="v 2"}, or the legacy {@code k some value} (one pair, the rest its value). */
    private static Map<String, String> pairs(String instruction, String rest) {
      Map<String, String> pairs = new LinkedHashMap<>();
      List<String> words = DockerfileWords.split(rest);
      if (!words.get(0).contains("=")) {
        String[] legacy = rest.split("\\s+", 2);
        if (legacy.length < 2) {
          throw invalid(instruction + " must have two arguments");
        }
        pairs.put(DockerfileWords.unquote(legacy[0]), DockerfileWords.unquote(legacy[1].strip()));
        return pairs;
      }
      for (String word : words) {
        int eq = word.indexOf('=');
        if (eq <= 0) {
          throw invalid("Syntax error - can't find = in \"" + word
              + "\". Must be of the form: name=value");
        }
        pairs.put(word.substring(0, eq), word.substring(eq + 1));
      }
      return pairs;
    }

    ObjectNode json() {
      ObjectNode c = JSON.createObjectNode();
      c.put("Hostname", "").put("Domainname", "").put("User", user)
          .put("AttachStdin", false).put("AttachStdout", false).put("AttachStderr", false);
      if (!ports.isEmpty()) {
        c.set("ExposedPorts", set(ports));
      }
      c.put("Tty", false).put("OpenStdin", false).put("StdinOnce", false);
      c.set("Env", env.isEmpty() ? null : strings(env.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).toList()));
      c.set("Cmd", cmd == null ? null : strings(cmd));
      c.put("Image", "");
      c.set("Volumes", volumes.isEmpty() ? null : set(volumes));
      c.put("WorkingDir", workdir);
      c.set("Entrypoint", entrypoint == null ? null : strings(entrypoint));
      c.set("OnBuild", onbuild.isEmpty() ? null : strings(onbuild));
      c.set("Labels", labels.isEmpty() ? null : JSON.valueToTree(labels));
      if (!stopSignal.isEmpty()) {
        c.put("StopSignal", stopSignal);
      }
      return c;
    }

    private static ArrayNode strings(List<String> values) {
      ArrayNode array = JSON.createArrayNode();
      values.forEach(array::add);
      return array;
    }

    private static ObjectNode set(Map<String, String> keys) {
      ObjectNode set = JSON.createObjectNode();
      keys.keySet().forEach(key -> set.set(key, JSON.createObjectNode()));
      return set;
    }
  }

  /** The JSON array form ({@code ["a", "b"]}) of an instruction's arguments, if it is one. */
  private static Optional<List<String>> jsonForm(String rest) {
    if (!rest.startsWith("[")) {
      return Optional.empty();
    }
    try {
      JsonNode array = JSON.readTree(rest);
      List<String> values = new ArrayList<>();
      for (JsonNode value : array) {
        if (!value.isTextual()) {
          return Optional.empty();
        }
        values.add(value.asText());
      }
      return array.isArray() ? Optional.of(values) : Optional.empty();
    } catch (IOException notJson) {
      return Optional.empty(); // as Docker's parser, then the shell form
    }
  }
}
