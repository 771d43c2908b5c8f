package io.imagesaga.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.RejectedException;
import io.imagesaga.Rejection;

/**
 * JSON a client sent, read within bounds (Jackson's {@link StreamReadConstraints}): at most
 * {@code maxDepth} levels of nesting and {@code maxLength} characters, so that no document
 * makes the parser build an arbitrarily deep tree or hold an arbitrarily long string.
 */
final class RequestJson {
  private final ObjectMapper mapper;
  private final int maxDepth;

  RequestJson(long maxLength, int maxDepth) {
    this.maxDepth = maxDepth;
    this.mapper = new ObjectMapper(JsonFactory.builder().streamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(maxDepth).maxDocumentLength(maxLength)
            .maxStringLength((int) Math.min(maxLength, Integer.MAX_VALUE)).build()).build());
  }

  /**
   * The document; a malformed one, or one past the bounds, is a 400 {@code invalid JSON: ...}
   * (moby's {@code httputils.ReadJSON}) naming the bound.
   */
  JsonNode parse(String text) {
    try {
      return mapper.readTree(text);
    } catch (StreamConstraintsException e) {
      throw new RejectedException(new Rejection.InvalidParameter(
          e.getMessage().contains("nesting depth")
              ? "invalid JSON: nested deeper than " + maxDepth + " (imagesaga.limits.json-depth)"
              : "invalid JSON: " + e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new RejectedException(new Rejection.InvalidParameter(
          "invalid JSON: " + e.getOriginalMessage()));
    }
  }

  /** The parser itself, for callers that map its failures their own way. */
  ObjectMapper mapper() {
    return mapper;
  }
}
