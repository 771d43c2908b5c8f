package io.imagesaga.testkit;

import io.imagesaga.reference.Digest;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.RepositoryName;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A valid instance of any journaled record type, built through its canonical constructor with a
 * sample value for every component (recursively), so that a test can walk every permitted
 * subclass of a sealed family without a hand-written instance per type: a type added later is
 * covered by the same test. Optional components are present and collections hold one element,
 * so every nested type is exercised too.
 */
public final class Samples {
  private static final String HEX =
      "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  private Samples() {}

  /** A sample of {@code type}; a sealed interface gives a sample of its first permitted type. */
  public static Object of(Type type) {
    if (type instanceof ParameterizedType p) {
      return generic((Class<?>) p.getRawType(), p.getActualTypeArguments());
    }
    Class<?> c = (Class<?>) type;
    Object simple = simple(c);
    if (simple != null) {
      return simple;
    }
    if (c.isEnum()) {
      return c.getEnumConstants()[0];
    }
    if (c.isSealed()) {
      return of(c.getPermittedSubclasses()[0]);
    }
    if (c.isRecord()) {
      return record(c);
    }
    throw new IllegalArgumentException("no sample for " + c.getName()
        + ": teach Samples this type");
  }

  /** A sample of each permitted subclass of {@code family}, nested sealed families flattened. */
  public static List<Class<?>> leaves(Class<?> family) {
    if (!family.isSealed()) {
      return List.of(family);
    }
    return Arrays.stream(family.getPermittedSubclasses())
        .flatMap(sub -> leaves(sub).stream())
        .toList();
  }

  private static Object simple(Class<?> c) {
    if (c == String.class) {
      return "sample";
    } else if (c == boolean.class || c == Boolean.class) {
      return true;
    } else if (c == int.class || c == Integer.class) {
      return 1;
    } else if (c == long.class || c == Long.class) {
      return 1L;
    } else if (c == Instant.class) {
      return AT;
    } else if (c == Duration.class) {
      return Duration.ofSeconds(1);
    } else if (c == ImageId.class) {
      return ImageId.parse("sha256:" + HEX);
    } else if (c == Digest.class) {
      return Digest.fromJson("sha256:" + HEX);
    } else if (c == NamedReference.class) {
      return NamedReference.fromJson("docker.io/sample/app:1");
    } else if (c == RepositoryName.class) {
      return RepositoryName.fromJson("docker.io/sample/app");
    }
    return null;
  }

  private static Object generic(Class<?> raw, Type[] args) {
    if (raw == Optional.class) {
      return Optional.of(of(args[0]));
    } else if (raw == List.class) {
      return List.of(of(args[0]));
    } else if (raw == SortedSet.class) {
      return new TreeSet<>(Set.of(of(args[0])));
    } else if (raw == Set.class) {
      return Set.of(of(args[0]));
    } else if (raw == Map.class) {
      return Map.of(of(args[0]), of(args[1]));
    }
    throw new IllegalArgumentException("no sample for " + raw.getName() + " of "
        + Arrays.toString(args) + ": teach Samples this type");
  }

  private static Object record(Class<?> c) {
    RecordComponent[] components = c.getRecordComponents();
    Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType)
        .toArray(Class<?>[]::new);
    Object[] values = Arrays.stream(components).map(rc -> of(rc.getGenericType())).toArray();
    try {
      Constructor<?> constructor = c.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot build a sample " + c.getName(), e);
    }
  }
}
