package io.imagesaga.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code path.Match}, the globs of dockerd's {@code reference} filter: {@code *} is any run
 * of characters but {@code /}, {@code ?} one character but {@code /}, {@code [...]} a class of
 * characters and ranges ({@code [^...]} its complement), {@code \} escapes the next character;
 * the pattern matches the whole name. A malformed pattern is {@link BadPatternException}
 * ({@code ErrBadPattern}), found when the pattern is compiled, as Go checks the whole pattern on
 * every match.
 *
 * <p>Never backtracks: the pattern is split into chunks, each a run of single-character terms
 * after a star, and each chunk is matched at the first place it fits (later chunks cannot need a
 * later place, since a star cannot cross {@code /} and a chunk does not hold a star). So a match
 * costs at most one pass over the name per chunk, whatever the number of stars; a backtracking
 * regex of the same pattern tries every split of the name among its stars. Ported from Go's
 * {@code path/match.go}, one case for one case.
 *
 * <p>Not thread-safe ({@link #steps()}): compile one per use.
 */
public final class PathMatch {
  private final String pattern;
  private long steps;

  private PathMatch(String pattern) {
    this.pattern = pattern;
  }

  /** Go's {@code ErrBadPattern}, with its text. */
  public static final class BadPatternException extends IllegalArgumentException {
    BadPatternException() {
      super("syntax error in pattern");
    }
  }

  /** The pattern, checked. */
  public static PathMatch compile(String pattern) {
    PathMatch match = new PathMatch(pattern);
    match.check();
    return match;
  }

  /** Go's {@code path.Match(pattern, name)}, the pattern known to be well-formed. */
  public boolean matches(String name) {
    steps = 0;
    int p = 0;
    int n = 0;
    while (p < pattern.length()) {
      boolean star = false;
      while (p < pattern.length() && pattern.charAt(p) == '*') {
        p++;
        star = true;
      }
      int end = chunkEnd(p);
      if (star && end == p) {
        // A trailing star takes the rest of the name unless it holds a slash.
        return name.indexOf('/', n) < 0;
      }
      boolean last = end == pattern.length();
      int rest = matchChunk(p, end, name, n);
      if (rest >= 0 && (rest == name.length() || !last)) {
        n = rest;
        p = end;
        continue;
      }
      if (!star) {
        return false;
      }
      rest = firstFit(p, end, last, name, n);
      if (rest < 0) {
        return false;
      }
      n = rest;
      p = end;
    }
    return n == name.length();
  }

  /** How many terms the last {@link #matches} compared: the cost the class promises to bound. */
  public long steps() {
    return steps;
  }

  /**
   * After a star: the chunk at the first place past {@code n} it fits (not past a slash, which
   * the star cannot take); for the last chunk, a place where it ends the name. The name's index
   * after the chunk, or -1.
   */
  private int firstFit(int p, int end, boolean last, String name, int n) {
    for (int i = n; i < name.length() && name.charAt(i) != '/'; i++) {
      int rest = matchChunk(p, end, name, i + 1);
      if (rest >= 0 && !(last && rest < name.length())) {
        return rest;
      }
    }
    return -1;
  }

  /** Where the chunk starting at {@code p} ends: at the next star outside a class. */
  private int chunkEnd(int p) {
    boolean inRange = false;
    for (int i = p; i < pattern.length(); i++) {
      switch (pattern.charAt(i)) {
        case '\\' -> {
          if (i + 1 < pattern.length()) {
            i++;
          }
        }
        case '[' -> inRange = true;
        case ']' -> inRange = false;
        case '*' -> {
          if (!inRange) {
            return i;
          }
        }
        default -> { }
      }
    }
    return pattern.length();
  }

  /**
   * The chunk {@code pattern[p, end)} against the start of {@code name[n...]}: the index after
   * what it matched, or -1.
   */
  private int matchChunk(int p, int end, String name, int n) {
    while (p < end) {
      steps++;
      if (n >= name.length()) {
        return -1;
      }
      char c = pattern.charAt(p);
      if (c == '[') {
        int r = name.codePointAt(n);
        n += Character.charCount(r);
        Class term = Class.parse(pattern, p + 1);
        if (!term.contains(r)) {
          return -1;
        }
        p = term.end();
      } else if (c == '?') {
        if (name.charAt(n) == '/') {
          return -1;
        }
        n += Character.charCount(name.codePointAt(n));
        p++;
      } else {
        if (c == '\\') {
          p++;
        }
        if (pattern.charAt(p) != name.charAt(n)) {
          return -1;
        }
        n++;
        p++;
      }
    }
    return n;
  }

  /** Reads every term of the pattern as {@link #matches} would, so that any defect shows now. */
  private void check() {
    int p = 0;
    while (p < pattern.length()) {
      char c = pattern.charAt(p);
      if (c == '[') {
        p = Class.parse(pattern, p + 1).end();
      } else if (c == '\\') {
        if (p + 1 == pattern.length()) {
          throw new BadPatternException();
        }
        p += 2;
      } else {
        p++;
      }
    }
  }

  /**
   * A character class whose {@code [} was just before {@code start}: its ranges, whether it
   * is negated, and the pattern index after its {@code ]}.
   */
  private record Class(boolean negated, int[] ranges, int end) {
    static Class parse(String pattern, int start) {
      int p = start;
      boolean negated = p < pattern.length() && pattern.charAt(p) == '^';
      if (negated) {
        p++;
      }
      List<Integer> bounds = new ArrayList<>();
      while (!(p < pattern.length() && pattern.charAt(p) == ']' && !bounds.isEmpty())) {
        int lo = escaped(pattern, p);
        p = next(pattern, p);
        int hi = lo;
        if (pattern.charAt(p) == '-') {
          hi = escaped(pattern, p + 1);
          p = next(pattern, p + 1);
        }
        bounds.add(lo);
        bounds.add(hi);
      }
      return new Class(negated, bounds.stream().mapToInt(Integer::intValue).toArray(), p + 1);
    }

    boolean contains(int r) {
      boolean in = false;
      for (int i = 0; i < ranges.length; i += 2) {
        in |= ranges[i] <= r && r <= ranges[i + 1];
      }
      return in != negated;
    }

    /**
     * Go's {@code getEsc}: the possibly escaped character at {@code p}; a class may not end
     * there, nor hold a bare {@code -} or {@code ]}.
     */
    private static int escaped(String pattern, int p) {
      if (p >= pattern.length() || pattern.charAt(p) == '-' || pattern.charAt(p) == ']') {
        throw new BadPatternException();
      }
      if (pattern.charAt(p) == '\\' && ++p >= pattern.length()) {
        throw new BadPatternException();
      }
      return pattern.codePointAt(p);
    }

    /** The index after the character {@link #escaped} read; the class must go on after it. */
    private static int next(String pattern, int p) {
      if (pattern.charAt(p) == '\\') {
        p++;
      }
      p += Character.charCount(pattern.codePointAt(p));
      if (p >= pattern.length()) {
        throw new BadPatternException();
      }
      return p;
    }
  }
}
