package io.imagesaga.reference;

/** What {@link References#parseAny} makes of a string: a bare digest or a named reference. */
public sealed interface ParsedReference permits DigestReference, NamedReference {}
