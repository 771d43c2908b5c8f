package io.imagesaga.service;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a Dockerfile instruction's arguments as Docker's parser splits them (quotes and
 * escapes kept for the shell lexer, {@link ShellLexer}, to resolve), and the few values
 * {@link ImportChanges} checks.
 */
final class DockerfileWords {
  private static final Pattern PORT = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/(\\w+))?");
  private static final Pattern BLANKS = Pattern.compile("[\\t\\x0B\\f\\r ]+");

  private DockerfileWords() {}

  /**
   * {@code text} split at blanks outside quotes, each word as written: quotes and escapes stay
   * (buildkit's {@code parseWords}); a trailing escape is dropped.
   */
  static List<String> quoted(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean kept = false; // a quote was seen: an empty word still counts
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == 0 && Character.isWhitespace(c)) {
        if (inWord && (kept || word.length() > 0)) {
          words.add(word.toString());
        }
        word.setLength(0);
        inWord = false;
        kept = false;
        continue;
      }
      inWord = true;
      if (c == '\\' && quote != '\'') {
        if (i + 1 < text.length()) {
          word.append(c).append(text.charAt(++i));
        }
        continue;
      }
      if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
        kept = true;
      } else if (c == quote) {
        quote = 0;
      }
      word.append(c);
    }
    if (inWord && (kept || word.length() > 0)) {
      words.add(word.toString());
    }
    return words;
  }

  /** {@code text} split at blanks, nothing else (the parser's whitespace-delimited lists). */
  static List<String> blankSeparated(String text) {
    return text.isEmpty() ? List.of() : List.of(BLANKS.split(text, -1));
  }

  /** An EXPOSE word as the config's keys ({@code 80/tcp}): a range gives one per port. */
  static List<String> ports(String word) {
    Matcher m = PORT.matcher(word);
    int first = m.matches() ? parsePort(m.group(1)) : -1;
    int last = m.matches() && m.group(2) != null ? parsePort(m.group(2)) : first;
    if (first < 0 || last < first) {
      throw invalid("invalid containerPort: " + word);
    }
    String proto = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
    List<String> keys = new ArrayList<>();
    for (int port = first; port <= last; port++) {
      keys.add(port + "/" + proto);
    }
    return keys;
  }

  private static int parsePort(String digits) {
    return digits.length() <= 5 && Integer.parseInt(digits) <= 65535
        ? Integer.parseInt(digits) : -1;
  }

  /** WORKDIR {@code dir} after {@code current}: relative to it, cleaned, absolute. */
  static String workdir(String current, String dir) {
    if (dir.isEmpty()) {
      throw invalid("cannot normalize nothing");
    }
    Path base = Path.of(current.isEmpty() ? "/" : current);
    return base.resolve(dir).normalize().toString();
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
