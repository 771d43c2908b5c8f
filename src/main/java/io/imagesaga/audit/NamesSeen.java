package io.imagesaga.audit;

import io.imagesaga.image.ImageEvent;
import io.imagesaga.reference.ImageId;
import io.imagesaga.reference.InvalidReferenceException;
import io.imagesaga.reference.NamedReference;
import io.imagesaga.reference.References;
import io.imagesaga.repository.RepositoryEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Every image ID and reference the log ever named, so that {@code audit history} can resolve
 * what the user typed the way moby's {@code GetImage} does, but over all time: a tag deleted
 * long ago still has a history.
 */
public final class NamesSeen {
  private static final Pattern FULL_ID = Pattern.compile("(sha256:)?[0-9a-f]{64}");
  /** What {@link ImageId#hasPrefix} may take for some image: a start of {@code sha256:<hex>}. */
  private static final Pattern ID_PREFIX =
      Pattern.compile("s(h(a(2(5(6(:[0-9a-f]*)?)?)?)?)?)?|[0-9a-f]*");

  private final Set<ImageId> images = new HashSet<>();
  private final Set<NamedReference> references = new HashSet<>();
  private final Predicate<ImageId> keepsImage;
  private final int mostImages;
  private final Predicate<NamedReference> keepsReference;

  /** Every name of the log, to resolve any input. */
  public NamesSeen() {
    this(id -> true, Integer.MAX_VALUE, reference -> true);
  }

  private NamesSeen(Predicate<ImageId> keepsImage, int mostImages,
      Predicate<NamedReference> keepsReference) {
    this.keepsImage = keepsImage;
    this.mostImages = mostImages;
    this.keepsReference = keepsReference;
  }

  /**
   * Only what {@link #resolve} needs for {@code input}: the reference it names, and two of the
   * images whose ID it starts (two tell an ambiguous prefix); bounded whatever the log's length.
   */
  public static NamesSeen lookingFor(String input) {
    Optional<NamedReference> name = parse(input);
    return new NamesSeen(id -> id.hasPrefix(input), 2,
        reference -> name.equals(Optional.of(reference)));
  }

  /** Offers the next record of the log. */
  public void accept(JournalRecord record) {
    if (record.event() instanceof ImageEvent.Registered) {
      ImageId id = ImageId.parse(record.entityId());
      if (images.size() < mostImages && keepsImage.test(id)) {
        images.add(id);
      }
    } else if (record.event() instanceof RepositoryEvent.ReferenceSet e
        && keepsReference.test(e.reference())) {
      references.add(e.reference());
    }
  }


  /**
   * A full ID names that image; a name the log ever had names that reference (tag
   * {@code latest} by default); otherwise an unambiguous ID prefix names that image.
   *
   * @throws Unresolved with what to tell the user, when nothing fits
   */
  public History.Subject resolve(String input) {
    if (FULL_ID.matcher(input).matches()) {
      return new History.Subject.Image(ImageId.parse(input));
    }
    Optional<NamedReference> name = parse(input);
    if (name.isPresent() && references.contains(name.get())) {
      return new History.Subject.Reference(name.get());
    }
    List<ImageId> prefixed = images.stream().filter(id -> id.hasPrefix(input)).limit(2).toList();
    if (prefixed.size() == 1 && !input.isEmpty()) {
      return new History.Subject.Image(prefixed.get(0));
    } else if (prefixed.size() > 1) {
      throw new Unresolved("ambiguous image ID prefix: " + input);
    }
    return name.<History.Subject>map(History.Subject.Reference::new).orElseThrow(() ->
        new Unresolved("the log never named an image or reference " + input));
  }

  /** A name that stands for no one image or reference of the log: the asker's mistake. */
  public static final class Unresolved extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Unresolved(String message) {
      super(message);
    }
  }

  /**
   * What {@link #resolve} answers without the log, when it does not depend on it: a full ID, or
   * a name that is no ID prefix of any image (a reference, or nothing); empty for a possible
   * prefix, which only the log can tell from a name.
   *
   * @throws Unresolved if it names nothing whatever the log holds
   */
  public static Optional<History.Subject> withoutLog(String input) {
    if (FULL_ID.matcher(input).matches()) {
      return Optional.of(new History.Subject.Image(ImageId.parse(input)));
    } else if (ID_PREFIX.matcher(input).matches()) {
      return Optional.empty();
    }
    return Optional.of(parse(input).<History.Subject>map(History.Subject.Reference::new)
        .orElseThrow(() -> new Unresolved("the log never named an image or reference "
            + input)));
  }

  /** As the reference store takes a name: a tag next to a digest stands for the digest alone. */
  private static Optional<NamedReference> parse(String input) {
    try {
      return Optional.of(References.parseNormalizedNamed(input).withDefaultTag().favorDigest());
    } catch (InvalidReferenceException e) {
      return Optional.empty();
    }
  }
}
