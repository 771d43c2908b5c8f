package io.imagesaga.api;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.util.regex.Pattern;

/** Go's {@code path.Match} patterns ({@code *}, {@code ?}, {@code [...]}) as Java regexes. */
final class Glob {
  private Glob() {}

  static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> regex.append("[^/]*");
        case '?' -> regex.append("[^/]");
        case '[' -> {
          int end = glob.indexOf(']', i + 1);
          if (end < 0 || end == i + 1) {
            throw badPattern();
          } else {
            String set = glob.substring(i + 1, end);
            regex.append('[').append(set.startsWith("^") ? "^" + set.substring(1).replace("\\",
                "\\\\") : set.replace("\\", "\\\\")).append(']');
            i = end;
          }
        }
        case '\\' -> {
          if (i + 1 == glob.length()) {
            throw badPattern();
          }
          regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  /**
   * Go's {@code path.ErrBadPattern}. dockerd returns it untyped (a 500); it is the client's
   * pattern that is wrong, so it is a 400 here, with the same text.
   */
  private static RejectedException badPattern() {
    return new RejectedException(new Rejection.InvalidParameter("syntax error in pattern"));
  }
}
