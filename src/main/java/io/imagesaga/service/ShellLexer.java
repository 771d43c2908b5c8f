package io.imagesaga.service;

import io.imagesaga.GoText;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Docker's shell lexer for a Dockerfile word (moby buildkit {@code shell.Lex} with escape token
 * {@code \}): removes quotes and escapes and expands {@code $NAME}, {@code ${NAME}} and
 * {@code ${NAME<op>word}} for the ops {@code - :- + :+ ? :? # ## % %% / //}. Unset variables
 * expand to nothing, as in a build. Errors are dockerd's texts, prefixed as it prefixes them
 * ({@code failed to process "<word>": ...}). Pure; one instance reads one word.
 */
final class ShellLexer {
  static final int EOF = -1;
  private static final char ESCAPE = '\\';

  private final int[] chars;
  private final Map<String, String> env;
  private int pos;
  private boolean rawEscapes;

  private ShellLexer(String word, Map<String, String> env) {
    this.chars = word.codePoints().toArray();
    this.env = env;
  }

  /** {@code word} as one word (moby's {@code ProcessWord}). */
  static String processWord(String word, Map<String, String> env) {
    return new ShellLexer(word, env).process(word).text();
  }

  /**
   * {@code word} as the words it makes (moby's {@code ProcessWords}, EXPOSE's expansion): blanks
   * that a variable's value brings or that stand unquoted split words.
   */
  static List<String> processWords(String word, Map<String, String> env) {
    return new ShellLexer(word, env).process(word).words().list();
  }

  private record Result(String text, ShellWords words) {}

  /**
   * The words a word makes: expanded values split at their blanks, quoted and escaped text
   * never does, plain text at unquoted blanks.
   */
  private static final class ShellWords {
    private final List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;

    void addPlain(int ch) {
      if (!GoText.isSpace(ch)) {
        word.appendCodePoint(ch);
        inWord = true;
      } else if (inWord && word.length() > 0) {
        words.add(word.toString());
        word.setLength(0);
        inWord = false;
      }
    }

    void addExpanded(String text) {
      text.codePoints().forEach(this::addPlain);
    }

    void addQuoted(String text) {
      word.append(text);
      inWord = true;
    }

    List<String> list() {
      if (word.length() > 0) {
        words.add(word.toString());
        word.setLength(0);
      }
      return List.copyOf(words);
    }
  }

  /** A lexer error: dockerd's text, before the word is named. */
  static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  private Result process(String source) {
    try {
      return stopOn(EOF, false);
    } catch (Failure failure) {
      throw new RejectedException(new Rejection.InvalidParameter("failed to process "
          + GoText.quote(source) + ": " + failure.getMessage()));
    }
  }

  int peek() {
    return pos < chars.length ? chars[pos] : EOF;
  }

  int next() {
    return pos < chars.length ? chars[pos++] : EOF;
  }

  /** Reads up to {@code stop} (consumed) or the end; escapes kept when {@code raw}. */
  Result stopOn(int stop, boolean raw) {
    boolean saved = rawEscapes;
    rawEscapes = raw;
    try {
      return readUntil(stop);
    } finally {
      rawEscapes = saved;
    }
  }

  private Result readUntil(int stop) {
    StringBuilder text = new StringBuilder();
    ShellWords words = new ShellWords();
    while (peek() != EOF) {
      int ch = peek();
      if (stop != EOF && ch == stop) {
        next();
        return new Result(text.toString(), words);
      }
      if (ch == '$' || ch == '\'' || ch == '"') {
        String part = ch == '$' ? new ShellSubstitution(this, env).read()
            : ch == '\'' ? singleQuoted() : doubleQuoted();
        text.append(part);
        if (ch == '$') {
          words.addExpanded(part);
        } else {
          words.addQuoted(part);
        }
        continue;
      }
      if (!plain(text, words)) {
        break;
      }
    }
    if (stop != EOF) {
      throw new Failure("unexpected end of statement while looking for matching "
          + Character.toString(stop));
    }
    return new Result(text.toString(), words);
  }

  /**
   * A character that is neither a quote nor {@code $}: an escape takes the next one as it is
   * (and is itself kept when raw). False at an escape that ends the word, which is dropped.
   */
  private boolean plain(StringBuilder text, ShellWords words) {
    int ch = next();
    if (ch == ESCAPE) {
      if (rawEscapes) {
        words.addQuoted(Character.toString(ch));
        text.appendCodePoint(ch);
      }
      ch = next();
      if (ch == EOF) {
        return false;
      }
      words.addQuoted(Character.toString(ch));
    } else {
      words.addPlain(ch);
    }
    text.appendCodePoint(ch);
    return true;
  }

  /** Everything up to the next {@code '} as it is: nothing escapes inside single quotes. */
  private String singleQuoted() {
    next();
    StringBuilder text = new StringBuilder();
    for (int ch = next(); ch != '\''; ch = next()) {
      if (ch == EOF) {
        throw new Failure("unexpected end of statement while looking for matching single-quote");
      }
      text.appendCodePoint(ch);
    }
    return text.toString();
  }

  /** Up to the next {@code "}: variables expand; {@code \} escapes only {@code " $ \}. */
  private String doubleQuoted() {
    next();
    StringBuilder text = new StringBuilder();
    while (true) {
      int ch = peek();
      if (ch == EOF) {
        throw new Failure("unexpected end of statement while looking for matching double-quote");
      } else if (ch == '"') {
        next();
        return text.toString();
      } else if (ch == '$') {
        text.append(new ShellSubstitution(this, env).read());
        continue;
      }
      ch = next();
      if (ch == ESCAPE) {
        if (rawEscapes) {
          text.appendCodePoint(ch);
        }
        int after = peek();
        if (after == EOF) {
          continue; // dropped; the loop then reports the missing quote
        }
        if (after == '"' || after == '$' || after == ESCAPE) {
          ch = next();
        }
      }
      text.appendCodePoint(ch);
    }
  }

  /** {@code stopOn}'s text alone, for the substitutions' words and patterns. */
  String textUntil(int stop, boolean raw) {
    return stopOn(stop, raw).text();
  }
}
