package io.imagesaga.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.imagesaga.catalog.CatalogImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * {@code GET /images/json}'s answer: the same bytes as {@link ImageSummaries} serialised by
 * {@link Json#MAPPER}, written field by field with Jackson's generator, a page of images per
 * chunk as the client reads, so that 100k images are neither a tree of summaries nor one
 * 20 MB array on the heap.
 */
final class ImageListJson {
  /** About 100 KB per chunk with one short tag per image. */
  static final int PER_CHUNK = 400;

  private ImageListJson() {}

  static HttpResponse response(List<ImageQuery.Match> matches) {
    int chunks = Math.max(1, (matches.size() + PER_CHUNK - 1) / PER_CHUNK);
    Source<ByteString, ?> body = Source.range(0, chunks - 1)
        .map(chunk -> render(matches, chunk, chunks));
    return HttpResponse.create().withStatus(StatusCodes.OK)
        .withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, body));
  }

  /** Chunk {@code chunk} of {@code chunks}: the first opens the array, the last closes it. */
  static ByteString render(List<ImageQuery.Match> matches, int chunk, int chunks) {
    ByteStringBuilder bytes = new ByteStringBuilder();
    int from = chunk * PER_CHUNK;
    int to = Math.min(matches.size(), from + PER_CHUNK);
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(bytes.asOutputStream())) {
      json.setRootValueSeparator(null);
      if (chunk == 0) {
        json.writeRaw('[');
      }
      for (int i = from; i < to; i++) {
        if (i > 0) {
          json.writeRaw(',');
        }
        write(json, matches.get(i));
      }
      if (chunk == chunks - 1) {
        json.writeRaw(']');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.result();
  }

  /** {@link ImageSummaries#of}, in its field order. */
  private static void write(JsonGenerator json, ImageQuery.Match match) throws IOException {
    CatalogImage image = match.image();
    json.writeStartObject();
    json.writeNumberField("Containers", -1);
    json.writeNumberField("Created", image.createdSecond());
    json.writeStringField("Id", image.idString());
    json.writeFieldName("Labels");
    if (image.labels().isEmpty()) {
      json.writeNull();
    } else {
      json.writeStartObject();
      for (Map.Entry<String, String> label : image.labels().entrySet()) {
        json.writeStringField(label.getKey(), label.getValue());
      }
      json.writeEndObject();
    }
    json.writeStringField("ParentId", image.parentString());
    writeStrings(json, "RepoDigests", match.repoDigests());
    writeStrings(json, "RepoTags", match.repoTags());
    json.writeNumberField("SharedSize", -1);
    json.writeNumberField("Size", image.size());
    json.writeEndObject();
  }

  private static void writeStrings(JsonGenerator json, String field, List<String> values)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
