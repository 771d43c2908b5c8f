package io.imagesaga.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.imagesaga.GoText;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One change as Docker's Dockerfile parser leaves it, before any instruction looks at it: the
 * instruction (lower case), its {@code --} flags, its argument words and whether they came as a
 * JSON array. Each instruction's arguments are split by the parser's rule for it (buildkit's
 * {@code parser.go} dispatch table); words keep their quotes for the shell lexer.
 */
record ChangeLine(String instruction, List<String> flags, List<String> args, boolean json,
    String original) {
  private static final Pattern INSTRUCTION = Pattern.compile("[\\t\\x0B\\f\\r ]+");
  private static final ObjectReader JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().reader();

  ChangeLine {
    flags = List.copyOf(flags);
    args = List.copyOf(args);
  }

  /**
   * {@code changes} parsed as dockerd parses them: joined by newlines into one Dockerfile
   * ({@link DockerfileLines}), so a change may continue on the next and may hold several lines.
   * None at all is no Dockerfile and nothing to parse.
   */
  static List<ChangeLine> parse(List<String> changes) {
    return changes.isEmpty() ? List.of()
        : DockerfileLines.of(String.join("\n", changes)).stream().map(ChangeLine::node).toList();
  }

  /** One instruction line (an ONBUILD trigger too, where a {@code #} is no comment). */
  private static ChangeLine node(String original) {
    String[] split = INSTRUCTION.split(original.strip(), 2);
    String instruction = split[0].toLowerCase(Locale.ROOT);
    BuilderFlags.Split rest = BuilderFlags.extract(split.length > 1 ? split[1] : "");
    List<String> args = new ArrayList<>();
    boolean json = arguments(instruction, rest.args(), args);
    return new ChangeLine(instruction, rest.flags(), args, json, original);
  }

  /** {@code text} split into {@code args} by the parser's rule for {@code instruction}. */
  private static boolean arguments(String instruction, String text, List<String> args) {
    boolean json = false;
    switch (instruction) {
      case "env", "label" -> args.addAll(nameValues(instruction.toUpperCase(Locale.ROOT), text));
      case "expose" -> args.addAll(DockerfileWords.blankSeparated(text));
      case "cmd", "entrypoint" -> {
        Optional<List<String>> array = jsonForm(text);
        json = array.isPresent();
        args.addAll(array.orElse(text.isEmpty() ? List.of() : List.of(text)));
      }
      case "volume" -> {
        Optional<List<String>> array = jsonForm(text);
        json = array.isPresent();
        args.addAll(array.orElseGet(() -> DockerfileWords.blankSeparated(text)));
      }
      case "healthcheck" -> json = healthcheck(text, args);
      case "onbuild" -> {
        if (!text.isEmpty()) {
          args.add(node(text).instruction());
        }
      }
      case "stopsignal", "user", "workdir" -> args.addAll(text.isEmpty() ? List.of()
          : List.of(text));
      default -> { } // the parser ignores what it does not know; ImportChanges refuses it
    }
    return json;
  }

  /** The type word, then the command as CMD's (JSON strings or the text). */
  private static boolean healthcheck(String text, List<String> args) {
    int sep = 0;
    while (sep < text.length() && !Character.isWhitespace(text.charAt(sep))) {
      sep++;
    }
    if (sep == 0) {
      return false;
    }
    args.add(text.substring(0, sep));
    String command = text.substring(sep).strip();
    Optional<List<String>> array = jsonForm(command);
    args.addAll(array.orElse(command.isEmpty() ? List.of() : List.of(command)));
    return array.isPresent();
  }

  /**
   * ENV and LABEL: {@code k=v k2="v 2"} as key, value, key, value...; or the legacy
   * {@code k some value}, one pair whose value is the rest of the line.
   */
  private static List<String> nameValues(String instruction, String text) {
    List<String> words = DockerfileWords.quoted(text);
    if (words.isEmpty()) {
      return List.of();
    }
    if (!words.get(0).contains("=")) {
      String[] legacy = INSTRUCTION.split(text, 2);
      if (legacy.length < 2) {
        throw invalid(instruction + " must have two arguments");
      }
      return List.of(legacy[0], legacy[1]);
    }
    List<String> pairs = new ArrayList<>();
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq < 0) {
        throw invalid("Syntax error - can't find = in " + GoText.quote(word)
            + ". Must be of the form: name=value");
      }
      pairs.add(word.substring(0, eq));
      pairs.add(word.substring(eq + 1));
    }
    return pairs;
  }

  /** The JSON array form ({@code ["a", "b"]}) of an instruction's arguments, if it is one. */
  private static Optional<List<String>> jsonForm(String text) {
    if (!text.startsWith("[")) {
      return Optional.empty();
    }
    JsonNode array;
    try {
      array = JSON.readTree(text);
    } catch (IOException notJson) {
      return Optional.empty(); // as Docker's parser: then it is the shell form
    }
    if (array == null || !array.isArray()) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    for (JsonNode value : array) {
      if (!value.isTextual()) {
        throw invalid("when using JSON array syntax, arrays must be comprised of strings only");
      }
      values.add(value.asText());
    }
    return Optional.of(values);
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
