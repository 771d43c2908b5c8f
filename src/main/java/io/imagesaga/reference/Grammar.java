package io.imagesaga.reference;

import static io.imagesaga.reference.InvalidReferenceException.INVALID_FORMAT;
import static io.imagesaga.reference.InvalidReferenceException.NAME_EMPTY;
import static io.imagesaga.reference.InvalidReferenceException.NAME_TOO_LONG;
import static io.imagesaga.reference.InvalidReferenceException.NAME_UPPERCASE;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * distribution/reference's grammar (as vendored by moby: docker/distribution v2.7, plus the
 * bracketed IPv6 hosts of v2.8) and its {@code Parse}:
 *
 * <pre>
 * reference        := name [ ":" tag ] [ "@" digest ]
 * name             := [ domain "/" ] path-component [ "/" path-component ]*
 * domain           := host [ ":" port-number ]
 * host             := domain-component [ "." domain-component ]* | "[" [a-fA-F0-9:]+ "]"
 * domain-component := [a-zA-Z0-9] | [a-zA-Z0-9] [a-zA-Z0-9-]* [a-zA-Z0-9]
 * path-component   := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
 * tag              := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
 * digest           := algorithm ":" [0-9a-fA-F]{32,}
 * algorithm        := [A-Za-z][A-Za-z0-9]* ( [-_+.] [A-Za-z][A-Za-z0-9]* )*
 * </pre>
 *
 * <p>The structure is split by hand (no production but the digest contains '@'; only the tag
 * follows the last ':' without a later '/'), and each production is a small regex, so matching is
 * linear and never backtracks across productions. The result equals upstream's anchored regex,
 * including its preference for a leading domain over a path component.
 */
final class Grammar {
  static final int NAME_TOTAL_LENGTH_MAX = 255;

  // Possessive (*+, ++) where a group repeats: Java's engine recurses once per repetition of a
  // greedy group and overflowed the stack on a long name; the token classes are disjoint, so no
  // match needs to give a repetition back and the language is unchanged.
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]++(?:(?:[._]|__|-++)[a-z0-9]++)*+");
  private static final Pattern DOMAIN_COMPONENT =
      Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?");
  private static final Pattern IPV6_HOST = Pattern.compile("\\[[a-fA-F0-9:]+]");
  private static final Pattern PORT = Pattern.compile("[0-9]+");
  private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[A-Za-z][A-Za-z0-9]*+(?:[-_+.][A-Za-z][A-Za-z0-9]*+)*+:[0-9a-fA-F]{32,}");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

  /** A parsed reference; {@code domain} is empty when the first component is not a host. */
  record Parts(String domain, String path, String tag, Digest digest) {
    String name() {
      return domain.isEmpty() ? path : domain + "/" + path;
    }
  }

  private record Match(String domain, String path, String tag, String digest) {}

  private Grammar() {}

  /**
   * distribution's {@code Parse}, without normalisation. Errors, in upstream order: no match
   * ("repository name must have at least one component" for "", "repository name must be lowercase"
   * if the lower-cased string would match, else "invalid reference format"); a name over 255
   * characters, domain included; then the digest, as go-digest validates it.
   */
  static Parts parse(String s) throws InvalidReferenceException {
    Optional<Match> match = match(s);
    if (match.isEmpty()) {
      if (s.isEmpty()) {
        throw new InvalidReferenceException(NAME_EMPTY);
      }
      boolean onlyCase = match(goToLower(s)).isPresent();
      throw new InvalidReferenceException(onlyCase ? NAME_UPPERCASE : INVALID_FORMAT);
    }
    Match m = match.get();
    Parts parts = new Parts(m.domain(), m.path(), m.tag(), null);
    if (parts.name().length() > NAME_TOTAL_LENGTH_MAX) {
      throw new InvalidReferenceException(NAME_TOO_LONG);
    }
    return m.digest() == null
        ? parts
        : new Parts(m.domain(), m.path(), m.tag(), Digest.parse(m.digest()));
  }

  static boolean isIdentifier(String s) {
    return IDENTIFIER.matcher(s).matches();
  }

  static boolean isTag(String s) {
    return TAG.matcher(s).matches();
  }

  /** Go's {@code strings.ToLower}: simple per-code-point mapping, no locale, no expansion. */
  static String goToLower(String s) {
    StringBuilder lower = new StringBuilder(s.length());
    s.codePoints().map(Character::toLowerCase).forEach(lower::appendCodePoint);
    return lower.toString();
  }

  private static Optional<Match> match(String s) {
    int at = s.indexOf('@');
    String digest = at < 0 ? null : s.substring(at + 1);
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      return Optional.empty();
    }
    String rest = at < 0 ? s : s.substring(0, at);
    int colon = rest.lastIndexOf(':');
    boolean tagged = colon >= 0 && rest.indexOf('/', colon) < 0;
    String tag = tagged ? rest.substring(colon + 1) : null;
    if (tagged && !isTag(tag)) {
      return Optional.empty();
    }
    String name = tagged ? rest.substring(0, colon) : rest;
    int slash = name.indexOf('/');
    if (slash > 0 && isDomain(name.substring(0, slash)) && isPath(name.substring(slash + 1))) {
      return Optional.of(
          new Match(name.substring(0, slash), name.substring(slash + 1), tag, digest));
    }
    return isPath(name) ? Optional.of(new Match("", name, tag, digest)) : Optional.empty();
  }

  private static boolean isPath(String path) {
    for (String component : path.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDomain(String domain) {
    int hostEnd = domain.startsWith("[") ? domain.indexOf(']') + 1 : domain.indexOf(':');
    if (hostEnd <= 0) {
      hostEnd = domain.length();
    }
    String port = domain.substring(hostEnd);
    return isHost(domain.substring(0, hostEnd))
        && (port.isEmpty() || port.charAt(0) == ':' && PORT.matcher(port.substring(1)).matches());
  }

  private static boolean isHost(String host) {
    if (host.startsWith("[")) {
      return IPV6_HOST.matcher(host).matches();
    }
    for (String component : host.split("\\.", -1)) {
      if (!DOMAIN_COMPONENT.matcher(component).matches()) {
        return false;
      }
    }
    return true;
  }
}
