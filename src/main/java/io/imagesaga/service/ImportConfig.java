package io.imagesaga.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The container config an import's changes build, as moby's dispatchers change it: the fields
 * the allowed instructions set (the rest of dockerd's config stays empty). Words are expanded
 * here, at apply time, with {@code Env} as the earlier changes left it, as dockerd expands them
 * just before it dispatches each instruction.
 */
final class ImportConfig {
  private static final ObjectMapper JSON = new ObjectMapper();

  private String user = "";
  private final Map<String, String> env = new LinkedHashMap<>();
  private List<String> cmd;
  private boolean cmdSet;
  private ObjectNode healthcheck;
  private List<String> entrypoint;
  private final Map<String, String> ports = new TreeMap<>();
  private final Map<String, String> volumes = new TreeMap<>();
  private String workdir = "";
  private final List<String> onbuild = new ArrayList<>();
  private final Map<String, String> labels = new TreeMap<>();
  private String stopSignal = "";

  /** ENV: every key and value expanded first, then set; a key set again keeps its place. */
  void env(List<String> pairs) {
    env.putAll(expandPairs(pairs));
  }

  void labels(List<String> pairs) {
    labels.putAll(expandPairs(pairs));
  }

  /** EXPOSE: each word may expand to several (moby's only word-to-words expansion). */
  void expose(List<String> words) {
    List<String> expanded = new ArrayList<>();
    words.forEach(word -> expanded.addAll(ShellLexer.processWords(word, env)));
    expanded.forEach(word -> DockerfileWords.ports(word).forEach(port -> ports.put(port, "")));
  }

  /** USER, WORKDIR or STOPSIGNAL: their one word, expanded. */
  void word(String instruction, String raw) {
    String value = expand(raw);
    switch (instruction) {
      case "user" -> user = value;
      case "workdir" -> workdir = DockerfileWords.workdir(workdir, value);
      case "stopsignal" -> {
        StopSignals.check(value);
        stopSignal = value;
      }
      default -> throw new IllegalStateException("no one-word rule for " + instruction);
    }
  }

  void volumes(List<String> paths) {
    List<String> expanded = paths.stream().map(this::expand).toList();
    for (String path : expanded) {
      if (path.isEmpty()) {
        throw ImportChanges.invalid("VOLUME specified can not be an empty string");
      }
      volumes.put(path, "");
    }
  }

  void cmd(List<String> command) {
    cmd = command;
    cmdSet |= !command.isEmpty();
  }

  /** ENTRYPOINT drops a CMD that no change of this import set (dockerd's {@code cmdSet}). */
  void entrypoint(List<String> command) {
    entrypoint = command;
    if (!cmdSet) {
      cmd = null;
    }
  }

  void healthcheck(ObjectNode health) {
    healthcheck = health;
  }

  void onbuild(String expression) {
    onbuild.add(expression);
  }

  private String expand(String word) {
    return ShellLexer.processWord(word, env);
  }

  private Map<String, String> expandPairs(List<String> pairs) {
    Map<String, String> expanded = new LinkedHashMap<>();
    for (int i = 0; i < pairs.size(); i += 2) {
      expanded.put(expand(pairs.get(i)), expand(pairs.get(i + 1)));
    }
    return expanded;
  }

  /** dockerd's ContainerConfig field order; {@code omitempty} fields only when set. */
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
    if (healthcheck != null) {
      c.set("Healthcheck", healthcheck);
    }
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
