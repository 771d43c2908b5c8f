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
 * The words of a Dockerfile instruction's arguments as Docker's shell lexer reads them (quotes
 * and backslashes, no variables), and the few values {@link ImportChanges} checks.
 */
final class DockerfileWords {
  private static final Pattern PORT = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/(\\w+))?");

  private DockerfileWords() {}

  /** {@code text} split at unquoted blanks, each word's quotes removed. */
  static List<String> split(String text) {
    return words(text, true);
  }

  /**
   * {@code text} as one word: its quotes and escapes removed, its blanks kept as they are
   * (inside single quotes too, where a backslash is no escape).
   */
  static String unquote(String text) {
    List<String> word = words(text, false);
    return word.isEmpty() ? "" : word.get(0);
  }

  private static List<String> words(String text, boolean splitAtBlanks) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (splitAtBlanks && quote == 0 && Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        continue;
      }
      inWord = true;
      if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
      } else if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      } else {
        word.append(c);
      }
    }
    if (quote != 0) {
      throw invalid("unexpected end of statement while looking for matching " + quote);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
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
    Path base = Path.of(current.isEmpty() ? "/" : current);
    return base.resolve(dir).normalize().toString();
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
