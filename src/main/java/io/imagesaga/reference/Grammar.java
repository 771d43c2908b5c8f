package io.imagesaga.reference;

import java.util.regex.Pattern;

/**
 * The reference grammar of distribution/reference, composed from its productions:
 *
 * <pre>
 * reference  := name [ ":" tag ] [ "@" digest ]
 * name       := [domain "/"] path-component ["/" path-component]*
 * domain     := host [":" port]       host := domain-name | IPv4 | "[" IPv6 "]"
 * path-component := [a-z0-9]+ (separator [a-z0-9]+)*   separator := [_.] | "__" | "-"+
 * tag        := [\w][\w.-]{0,127}
 * digest     := algorithm ":" [a-fA-F0-9]{32,}
 * </pre>
 */
final class Grammar {
  private static final String ALPHANUMERIC = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT =
      ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
  private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
  private static final String DOMAIN = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")(?::[0-9]+)?";
  private static final String NAME =
      "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final String TAG_TEXT = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

  static final Pattern REFERENCE =
      Pattern.compile("(" + NAME + ")(?::(" + TAG_TEXT + "))?(?:@(" + DIGEST + "))?");
  static final Pattern TAG = Pattern.compile(TAG_TEXT);
  static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
  static final int NAME_MAX_LENGTH = 255;

  private Grammar() {}
}
