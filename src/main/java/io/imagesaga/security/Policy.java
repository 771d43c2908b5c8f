package io.imagesaga.security;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which verified client may do what (docs/security.md, "Permissions"): a HOCON file
 *
 * <pre>
 * everyone = [read]                       # every verified client (optional)
 * clients {
 *   "cn:alice"              = [read, tag, load, container, delete, prune, audit]
 *   "dns:ci.example.org"    = [read, load]
 *   "email:bob@example.org" = [read, audit]
 * }
 * </pre>
 *
 * A client has the permissions of {@code everyone} and of every entry naming its certificate's
 * CN (exactly), one of its DNS names or one of its email addresses (case-insensitively).
 * Anything else in the file is an error at start, never ignored: a typo must not grant or
 * withhold a permission silently.
 */
public final class Policy {
  private static final Set<String> KINDS = Set.of("cn", "dns", "email");
  private static final Set<String> TOP_LEVEL = Set.of("everyone", "clients");

  private final Set<Permission> everyone;
  private final Map<String, Set<Permission>> clients;

  private Policy(Set<Permission> everyone, Map<String, Set<Permission>> clients) {
    this.everyone = everyone;
    this.clients = clients;
  }

  /** The policy in {@code file}; every error names the file. */
  public static Policy read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no policy file at " + file.toAbsolutePath());
    }
    try {
      return parse(ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setAllowMissing(false)).resolve());
    } catch (ConfigException | IllegalArgumentException e) {
      throw new IllegalArgumentException("policy " + file + ": " + e.getMessage(), e);
    }
  }

  static Policy parse(Config config) {
    for (String key : config.root().keySet()) {
      if (!TOP_LEVEL.contains(key)) {
        throw new IllegalArgumentException("unknown setting " + key
            + " (a policy has everyone and clients)");
      }
    }
    Set<Permission> everyone = config.hasPath("everyone")
        ? permissions("everyone", config.getValue("everyone")) : EnumSet.noneOf(Permission.class);
    Map<String, Set<Permission>> clients = new LinkedHashMap<>();
    if (config.hasPath("clients")) {
      ConfigObject entries = config.getObject("clients");
      for (Map.Entry<String, ConfigValue> entry : entries.entrySet()) {
        clients.put(key(entry.getKey()), permissions(entry.getKey(), entry.getValue()));
      }
    }
    return new Policy(everyone, Map.copyOf(clients));
  }

  /** {@code cn:alice} as given; DNS names and emails lower-cased. */
  private static String key(String name) {
    int colon = name.indexOf(':');
    String kind = colon < 0 ? "" : name.substring(0, colon);
    if (!KINDS.contains(kind) || colon == name.length() - 1) {
      throw new IllegalArgumentException("client " + name
          + " is not named as cn:<common name>, dns:<name> or email:<address>");
    }
    return kind.equals("cn") ? name : name.toLowerCase(Locale.ROOT);
  }

  private static Set<Permission> permissions(String key, ConfigValue value) {
    if (value.valueType() != ConfigValueType.LIST) {
      throw new IllegalArgumentException(key + " must be a list of permissions, as [read, tag]");
    }
    Set<Permission> permissions = EnumSet.noneOf(Permission.class);
    for (Object label : (List<?>) value.unwrapped()) {
      permissions.add(Permission.named(String.valueOf(label)));
    }
    return permissions;
  }

  /** Everything {@code client} may do. */
  public Set<Permission> permissionsOf(ClientIdentity client) {
    Set<Permission> granted = EnumSet.noneOf(Permission.class);
    granted.addAll(everyone);
    grant(granted, "cn:" + client.commonName());
    client.dnsNames().forEach(dns -> grant(granted, "dns:" + dns));
    client.emails().forEach(email -> grant(granted, "email:" + email));
    return granted;
  }

  private void grant(Set<Permission> granted, String key) {
    Set<Permission> listed = clients.get(key);
    if (listed != null) {
      granted.addAll(listed);
    }
  }
}
