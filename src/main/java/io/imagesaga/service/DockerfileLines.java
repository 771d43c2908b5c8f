package io.imagesaga.service;

import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Dockerfile's instruction lines, as Docker's parser reads them before it looks at any
 * instruction: blank lines and {@code #} comments dropped, a line ending in {@code \} (blanks
 * after it allowed) continued by the next that is neither a comment nor blank, leading blanks
 * of an instruction's first line dropped. The {@code # escape=} directive is not read: the
 * escape is always {@code \}.
 */
final class DockerfileLines {
  /** A trailing escape, blanks after it; the character before it is kept. */
  private static final Pattern CONTINUATION = Pattern.compile("\\\\[ \\t]*$");
  private static final Pattern LEADING = Pattern.compile("^[ \\t\\x0B\\f\\r]+");

  private DockerfileLines() {}

  /**
   * The logical lines of {@code text}, each an instruction with its arguments.
   *
   * @throws RejectedException (400) {@code file with no instructions}, as dockerd's parser
   */
  static List<String> of(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = null;
    for (String physical : text.split("\r?\n", -1)) {
      String stripped = LEADING.matcher(physical).replaceFirst("");
      if (stripped.startsWith("#") || (line != null && stripped.isEmpty())) {
        continue; // a comment, or an empty line inside a continuation
      }
      String part = line == null ? stripped : physical;
      boolean continued = CONTINUATION.matcher(part).find();
      part = continued ? CONTINUATION.matcher(part).replaceFirst("") : part;
      line = (line == null ? new StringBuilder() : line).append(part);
      if (!continued) {
        if (!line.isEmpty()) {
          lines.add(line.toString());
        }
        line = null;
      }
    }
    if (line != null && !line.isEmpty()) {
      lines.add(line.toString()); // the text ended inside a continuation
    }
    if (lines.isEmpty()) {
      throw new RejectedException(new Rejection.InvalidParameter("file with no instructions"));
    }
    return lines;
  }
}
