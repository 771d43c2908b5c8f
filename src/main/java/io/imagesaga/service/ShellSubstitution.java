package io.imagesaga.service;

import io.imagesaga.service.ShellLexer.Failure;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code $...} of a word, read from the lexer at its {@code $} (moby's
 * {@code processDollar}): {@code $NAME}, {@code ${NAME}}, {@code ${NAME<op>word}}. The word after
 * an op is itself lexed (quotes, escapes, variables); {@code #}, {@code %} and {@code /} take it
 * as a shell pattern ({@code *}, {@code ?}, {@code \} escapes).
 */
final class ShellSubstitution {
  private final ShellLexer lexer;
  private final Map<String, String> env;

  ShellSubstitution(ShellLexer lexer, Map<String, String> env) {
    this.lexer = lexer;
    this.env = env;
  }

  String read() {
    lexer.next();
    if (lexer.peek() != '{') {
      String name = name();
      return name.isEmpty() ? "$" : env.getOrDefault(name, "");
    }
    lexer.next();
    int first = lexer.peek();
    if (first == ShellLexer.EOF) {
      throw new Failure("syntax error: missing '}'");
    } else if (first == '{' || first == '}' || first == ':') {
      throw new Failure("syntax error: bad substitution");
    }
    String name = name();
    int op = lexer.next();
    String ops = rune(op);
    switch (op) {
      case '}':
        return env.getOrDefault(name, "");
      case '/':
        return replaced(name);
      case ':':
        op = lexer.next();
        if (op != '-' && op != '+' && op != '?') { // no :# :% :/ — refused before the word
          throw unsupported(ops + rune(op));
        }
        return modified(name, op, ops + rune(op), true);
      case '+', '-', '?', '#', '%':
        return modified(name, op, ops, false);
      default:
        throw unsupported(ops);
    }
  }

  /** {@code ${NAME<op>word}}; with {@code :} an empty value counts as unset. */
  private String modified(String name, int op, String ops, boolean emptyIsUnset) {
    String word = until('}', op == '#' || op == '%', "syntax error: missing '}'");
    boolean set = env.containsKey(name);
    String value = env.getOrDefault(name, "");
    boolean unset = !set || (emptyIsUnset && value.isEmpty());
    switch (op) {
      case '-':
        return unset ? word : value;
      case '+':
        return unset ? "" : word;
      case '?':
        if (unset) {
          throw new Failure(name + ": " + (!word.isEmpty() ? word
              : set ? "is not allowed to be empty" : "is not allowed to be unset"));
        }
        return value;
      case '#', '%':
        boolean longest = !word.isEmpty() && word.charAt(0) == op;
        String pattern = longest ? word.substring(1) : word;
        return op == '#' ? trimPrefix(pattern, value, longest)
            : reverse(trimPrefix(reversePattern(pattern), reverse(value), longest));
      default:
        throw unsupported(ops);
    }
  }

  /**
   * {@code ${NAME/pattern/text}} (first match) or {@code ${NAME//pattern/text}} (all). The text
   * goes in as it is: Go's {@code $} references in a replacement are not honoured.
   */
  private String replaced(String name) {
    boolean all = lexer.peek() == '/';
    if (all) {
      lexer.next();
    }
    String pattern = until('/', true, "syntax error: missing '/' in ${}");
    String replacement = until('}', true, "syntax error: missing '}'");
    String value = env.getOrDefault(name, "");
    Matcher matcher = regex(pattern, true, false).matcher(value);
    if (all) {
      return matcher.replaceAll(Matcher.quoteReplacement(replacement));
    }
    return matcher.find() ? value.substring(0, matcher.start()) + replacement
        + value.substring(matcher.end()) : value;
  }

  private String until(int stop, boolean rawEscapes, String missing) {
    try {
      return lexer.textUntil(stop, rawEscapes);
    } catch (Failure failure) {
      throw lexer.peek() == ShellLexer.EOF ? new Failure(missing) : failure;
    }
  }

  /** A name: letters, digits and {@code _}; or digits alone; or one special parameter. */
  private String name() {
    StringBuilder name = new StringBuilder();
    for (int ch = lexer.peek(); ch != ShellLexer.EOF; ch = lexer.peek()) {
      if (name.isEmpty() && Character.isDigit(ch)) {
        while (lexer.peek() != ShellLexer.EOF && Character.isDigit(lexer.peek())) {
          name.appendCodePoint(lexer.next());
        }
        return name.toString();
      }
      if (name.isEmpty() && "@*#?-$!0".indexOf(ch) >= 0) {
        return Character.toString(lexer.next());
      }
      if (!Character.isLetterOrDigit(ch) && ch != '_') {
        break;
      }
      name.appendCodePoint(lexer.next());
    }
    return name.toString();
  }

  private static String trimPrefix(String pattern, String value, boolean longest) {
    Matcher matcher = regex(pattern, longest, true).matcher(value);
    return matcher.find() ? value.substring(matcher.end()) : value;
  }

  /** A shell pattern as a regex: {@code *} any text (shortest unless greedy), {@code ?} a char. */
  private static Pattern regex(String pattern, boolean greedy, boolean anchored) {
    StringBuilder out = new StringBuilder(anchored ? "^" : "");
    int[] chars = pattern.codePoints().toArray();
    for (int i = 0; i < chars.length; i++) {
      int ch = chars[i];
      if (ch == '*') {
        out.append(greedy ? ".*" : ".*?");
        continue;
      } else if (ch == '?') {
        out.append('.');
        continue;
      } else if (ch == '\\') {
        int after = i + 1 < chars.length ? chars[i + 1] : ShellLexer.EOF;
        if (after == '}' || after == '/') {
          continue; // the escape belongs to ${...}, not to the pattern
        }
        if (after != '*' && after != '?' && after != '\\') {
          throw new Failure("invalid pattern (" + pattern + ") in substitution: "
              + "invalid escape '\\" + rune(after) + "'");
        }
        out.append('\\');
        ch = chars[++i];
      } else if ("[]{}.+()|^$".indexOf(ch) >= 0) {
        out.append('\\');
      }
      out.appendCodePoint(ch);
    }
    return Pattern.compile(out.toString(), Pattern.UNIX_LINES);
  }

  /** {@code pattern} read backwards, each escape kept before the character it escapes. */
  private static String reversePattern(String pattern) {
    int[] chars = pattern.codePoints().toArray();
    int[] out = new int[chars.length];
    int last = chars.length - 1;
    for (int i = 0; i <= last; ) {
      if (chars[i] == '\\' && i != last) {
        out[last - i - 1] = '\\';
        out[last - i] = chars[i + 1];
        i += 2;
      } else {
        out[last - i] = chars[i];
        i++;
      }
    }
    return new String(out, 0, out.length);
  }

  private static String reverse(String text) {
    int[] chars = text.codePoints().toArray();
    StringBuilder out = new StringBuilder();
    for (int i = chars.length - 1; i >= 0; i--) {
      out.appendCodePoint(chars[i]);
    }
    return out.toString();
  }

  /** A character as Go prints a rune; its end of input (-1) is U+FFFD. */
  private static String rune(int ch) {
    return ch == ShellLexer.EOF ? "\uFFFD" : Character.toString(ch);
  }

  private static Failure unsupported(String ops) {
    return new Failure("unsupported modifier (" + ops + ") in substitution");
  }
}
