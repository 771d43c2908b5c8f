package io.imagesaga.reference;

/**
 * What {@link References#parseAny} makes of a user's string: an image ID given as a digest, or a
 * repository name with an optional tag and digest. moby's {@code GetImage} tries the first as an ID
 * and the second through the reference store, so callers branch on the type.
 */
public sealed interface ParsedReference permits DigestReference, NamedReference {

  /** distribution's {@code FamiliarString}: the form Docker shows to users. */
  String familiarString();
}
