package io.imagesaga.crash;

import java.util.Set;

/**
 * A broken rule: which check ({@code 1}..{@code 4} for the invariants of docs/design.md, {@code H*} for
 * the history checks), what was seen, and the images, references and containers it is about.
 */
record Violation(String check, String text, Set<String> subjects) {
  static Violation of(String check, String text, Object... subjects) {
    Set<String> set = new java.util.HashSet<>();
    for (Object subject : subjects) {
      if (subject != null) {
        set.add(subject.toString());
      }
    }
    return new Violation(check, text, Set.copyOf(set));
  }

  @Override
  public String toString() {
    return check + ": " + text;
  }
}
