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
import java.util.regex.Pattern;

/**
 * Every image ID and reference the log ever named, so that {@code audit history} can resolve
 * what the user typed the way moby's {@code GetImage} does, but over all time: a tag deleted
 * long ago still has a history.
 */
public final class NamesSeen {
  private static final Pattern FULL_ID = Pattern.compile("(sha256:)?[0-9a-f]{64}");

  private final Set<ImageId> images = new HashSet<>();
  private final Set<NamedReference> references = new HashSet<>();

  /** Offers the next record of the log. */
  public void accept(JournalRecord record) {
    if (record.event() instanceof ImageEvent.Registered) {
      images.add(ImageId.parse(record.entityId()));
    } else if (record.event() instanceof RepositoryEvent.ReferenceSet e) {
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

  /** As the reference store takes a name: a tag next to a digest stands for the digest alone. */
  private static Optional<NamedReference> parse(String input) {
    try {
      return Optional.of(References.parseNormalizedNamed(input).withDefaultTag().favorDigest());
    } catch (InvalidReferenceException e) {
      return Optional.empty();
    }
  }
}
