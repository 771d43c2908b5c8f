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
    int pos = skipBlanks(line, 0);
    while (line.startsWith("--", pos)) {
      StringBuilder word = new StringBuilder();
      int end = scanWord(line, pos, word);
      if (word.toString().equals("--")) {
        return new Split(words, line.substring(end).strip());
      }
      words.add(word.toString());
      pos = skipBlanks(line, end);
    }
    return new Split(words, line.substring(pos).strip());
  }

  /** The word at {@code pos}, up to a blank outside quotes, into {@code word}; its end. */
  private static int scanWord(String line, int pos, StringBuilder word) {
    char quote = 0;
    for (; pos < line.length(); pos++) {
      char ch = line.charAt(pos);
      if (quote == 0 && Character.isWhitespace(ch)) {
        return pos;
      } else if (quote == 0 && (ch == '\'' || ch == '"')) {
        quote = ch;
      } else if (quote != 0 && ch == quote) {
        quote = 0;
      } else if (ch == '\\') {
        if (pos + 1 < line.length()) { // a trailing backslash is dropped
          word.append(line.charAt(++pos));
        }
      } else {
        word.append(ch);
      }
    }
    return pos;
  }

  private static int skipBlanks(String line, int pos) {
    while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) {
      pos++;
    }
    return pos;
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
