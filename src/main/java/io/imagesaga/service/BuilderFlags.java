package io.imagesaga.service;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name=value} flags that open an instruction's arguments, as Docker's parser takes
 * them off (any instruction may carry them) and as each instruction then checks them against
 * the flags it defines (buildkit's {@code BFlags}): most define none.
 */
final class BuilderFlags {
  /** The flag words and the arguments after them. */
  record Split(List<String> flags, String args) {}

  private BuilderFlags() {}

  /**
   * The leading words that start with {@code --} (quotes and backslashes removed) up to the
   * first other word or a bare {@code --}; the rest is the arguments, trimmed.
   */
  static Split extract(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean kept = false; // a quote was seen: an empty word still counts
    char quote = 0;
    for (int pos = 0; pos < line.length(); pos++) {
      char ch = line.charAt(pos);
      if (!inWord) {
        if (Character.isWhitespace(ch)) {
          continue;
        }
        if (ch != '-' || pos + 1 == line.length() || line.charAt(pos + 1) != '-') {
          return new Split(words, line.substring(pos).strip());
        }
        inWord = true;
      }
      if (quote == 0 && Character.isWhitespace(ch)) {
        inWord = false;
        if (word.toString().equals("--")) {
          return new Split(words, line.substring(pos).strip());
        }
        if (kept || word.length() > 0) {
          words.add(word.toString());
        }
        word.setLength(0);
        kept = false;
      } else if (quote == 0 && (ch == '\'' || ch == '"')) {
        quote = ch;
        kept = true;
      } else if (quote != 0 && ch == quote) {
        quote = 0;
      } else if (ch == '\\') {
        if (pos + 1 < line.length()) {
          word.append(line.charAt(++pos));
        }
      } else {
        word.append(ch);
      }
    }
    if (inWord && !word.toString().equals("--") && (kept || word.length() > 0)) {
      words.add(word.toString());
    }
    return new Split(words, "");
  }

  /** The flags' values by name, each checked against {@code defined} (dockerd's messages). */
  static Map<String, String> parse(List<String> flags, Set<String> defined) {
    Map<String, String> used = new LinkedHashMap<>();
    for (String flag : flags) {
      if (!flag.startsWith("--")) {
        throw invalid("Arg should start with -- : " + flag);
      }
      if (flag.equals("--")) {
        break;
      }
      String body = flag.substring(2);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      if (!defined.contains(name)) {
        throw invalid("Unknown flag: " + name);
      }
      if (used.containsKey(name)) {
        throw invalid("Duplicate flag specified: " + name);
      }
      if (eq < 0) {
        throw invalid("Missing a value on flag: " + name);
      }
      used.put(name, body.substring(eq + 1));
    }
    return used;
  }

  private static RejectedException invalid(String message) {
    return new RejectedException(new Rejection.InvalidParameter(message));
  }
}
