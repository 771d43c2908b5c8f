package io.imagesaga.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imagesaga.RejectedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Docker's shell lexer on a change's words ({@code ProcessWord}, {@code ProcessWords}): quotes,
 * escapes and variables as a Dockerfile build expands them, rows checked against moby's lexer.
 */
class ShellLexerTest {
  private static final Map<String, String> ENV = env();

  private static Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("A", "1");
    env.put("B", "two words");
    env.put("E", "");
    env.put("PATH", "/usr/local/bin:/bin");
    return env;
  }

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "$A|1", "${A}|1", "x${A}y|x1y", "$A$B|1two words", "$A-$A|1-1", "$U|", "${U}|",
      "$|$", "a$|a$", "$1|", "$$|", "$Aa|",
      "${U:-d}|d", "${E:-d}|d", "${E-d}|", "${U-d}|d", "${A:-d}|1", "${U:-$A$A}|11",
      "${A:+p}|p", "${E:+p}|", "${E+p}|p", "${U+p}|", "${U:+p}|",
      "${A:?x}|1", "${E?x}|",
      "\\$A|$A", "\\${A}|${A}", "a\\ b|a b", "a\\|a", "'$A'|$A", "'a\\b'|a\\b",
      "\"$A\"|1", "\"\\$A\"|$A", "\"a\\b\"|a\\b", "\"a\\\"b\"|a\"b", "\"'$A'\"|'1'",
      "${PATH#*:}|/bin", "${PATH##*/}|bin", "${PATH%:*}|/usr/local/bin", "${PATH%%/*}|",
      "${B/o/0}|tw0 words", "${B//o/0}|tw0 w0rds", "${B/#t/T}|two words"})
  void a_word_expands_as_dockerd_expands_it(String word, String expected) {
    assertThat(ShellLexer.processWord(word, ENV)).isEqualTo(nullToEmpty(expected));
  }

  @ParameterizedTest(name = "{0} refused: {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // dockerd names the missing modifier by Go's end-of-input rune, U+FFFD
      "${A|failed to process \"${A\": unsupported modifier (\uFFFD) in substitution",
      "${A:-x|failed to process \"${A:-x\": syntax error: missing '}'",
      "${|failed to process \"${\": syntax error: missing '}'",
      "${}|failed to process \"${}\": syntax error: bad substitution",
      "${:-x}|failed to process \"${:-x}\": syntax error: bad substitution",
      "${A!x}|failed to process \"${A!x}\": unsupported modifier (!) in substitution",
      "${A:x}|failed to process \"${A:x}\": unsupported modifier (:x) in substitution",
      "${A:#x}|failed to process \"${A:#x}\": unsupported modifier (:#) in substitution",
      "${A:%x|failed to process \"${A:%x\": unsupported modifier (:%) in substitution",
      "${U:?must be set}|failed to process \"${U:?must be set}\": U: must be set",
      "${U?}|failed to process \"${U?}\": U: is not allowed to be unset",
      "${E:?}|failed to process \"${E:?}\": E: is not allowed to be empty",
      "'a|failed to process \"'a\": unexpected end of statement while looking for matching "
          + "single-quote",
      "\"a|failed to process \"\\\"a\": unexpected end of statement while looking for "
          + "matching double-quote",
      "${A:-'x}|failed to process \"${A:-'x}\": syntax error: missing '}'",
      "${A:-'x'|failed to process \"${A:-'x'\": syntax error: missing '}'",
      "${A#\\x}|failed to process \"${A#\\\\x}\": invalid pattern (\\x) in substitution: "
          + "invalid escape '\\x'"})
  void a_bad_substitution_is_refused_with_dockerds_message(String word, String message) {
    assertThatThrownBy(() -> ShellLexer.processWord(word, ENV))
        .isInstanceOf(RejectedException.class).hasMessage(message);
  }

  /** EXPOSE's expansion: a variable's blanks split words, quoted and escaped blanks do not. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "$B|two,words", "\"$B\"|two words", "80/tcp|80/tcp", "x\\ $A|x 1", "$U|", "a${U}b|ab",
      "'a b'c|a bc"})
  void words_split_where_an_expanded_value_has_blanks(String word, String expected) {
    List<String> words = ShellLexer.processWords(word, ENV);
    assertThat(String.join(",", words)).isEqualTo(nullToEmpty(expected));
  }

  /** An empty CSV cell arrives as null. */
  private static String nullToEmpty(String cell) {
    return cell == null ? "" : cell;
  }
}
