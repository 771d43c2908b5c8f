package io.imagesaga.api;

import io.imagesaga.catalog.CatalogImage;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * {@code GET /images/json}'s answer: the same bytes as {@link ImageSummaries} serialised by
 * {@link Json#MAPPER}, written straight into a byte array ({@link JsonBytes}: constant field
 * names, IDs from their bits, strings escaped as Jackson escapes them), a page of images per
 * chunk as the client reads, so that 100k images are neither a tree of summaries nor one 20 MB
 * array on the heap. A listing that fits in one chunk is sent whole, with its length.
 */
final class ImageListJson {
  /** About 100 KB per chunk with one short tag per image. */
  static final int PER_CHUNK = 400;
  /** Room for one image with one short tag: a chunk's array rarely grows. */
  private static final int BYTES_PER_IMAGE = 256;

  private static final byte[] CONTAINERS_CREATED =
      JsonBytes.ascii("{\"Containers\":-1,\"Created\":");
  private static final byte[] ID = JsonBytes.ascii(",\"Id\":\"");
  private static final byte[] LABELS = JsonBytes.ascii("\",\"Labels\":");
  private static final byte[] NULL = JsonBytes.ascii("null");
  private static final byte[] PARENT_ID = JsonBytes.ascii(",\"ParentId\":\"");
  private static final byte[] REPO_DIGESTS = JsonBytes.ascii("\",\"RepoDigests\":[");
  private static final byte[] REPO_TAGS = JsonBytes.ascii("],\"RepoTags\":[");
  private static final byte[] SIZES = JsonBytes.ascii("],\"SharedSize\":-1,\"Size\":");

  private ImageListJson() {}

  static HttpResponse response(List<ImageQuery.Match> matches) {
    int chunks = Math.max(1, (matches.size() + PER_CHUNK - 1) / PER_CHUNK);
    HttpResponse ok = HttpResponse.create().withStatus(StatusCodes.OK);
    if (chunks == 1) {
      return ok.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
          render(matches, 0, 1)));
    }
    Source<ByteString, ?> body = Source.range(0, chunks - 1)
        .map(chunk -> render(matches, chunk, chunks));
    return ok.withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, body));
  }

  /** Chunk {@code chunk} of {@code chunks}: the first opens the array, the last closes it. */
  static ByteString render(List<ImageQuery.Match> matches, int chunk, int chunks) {
    int from = chunk * PER_CHUNK;
    int to = Math.min(matches.size(), from + PER_CHUNK);
    JsonBytes json = new JsonBytes((to - from) * BYTES_PER_IMAGE + 2);
    if (chunk == 0) {
      json.raw('[');
    }
    for (int i = from; i < to; i++) {
      if (i > 0) {
        json.raw(',');
      }
      write(json, matches.get(i));
    }
    if (chunk == chunks - 1) {
      json.raw(']');
    }
    return json.result();
  }

  /** {@link ImageSummaries#of}, in its field order. */
  private static void write(JsonBytes json, ImageQuery.Match match) {
    CatalogImage image = match.image();
    json.raw(CONTAINERS_CREATED).number(image.createdSecond()).raw(ID);
    json.moveTo(image.writeId(json.reserve(CatalogImage.ID_LENGTH), json.at()));
    json.raw(LABELS);
    if (image.labels().isEmpty()) {
      json.raw(NULL);
    } else {
      char separator = '{';
      for (Map.Entry<String, String> label : image.labels().entrySet()) {
        json.raw(separator).string(label.getKey()).raw(':').string(label.getValue());
        separator = ',';
      }
      json.raw('}');
    }
    json.raw(PARENT_ID);
    json.moveTo(image.writeParentId(json.reserve(CatalogImage.ID_LENGTH), json.at()));
    json.raw(REPO_DIGESTS);
    strings(json, match.repoDigests());
    json.raw(REPO_TAGS);
    strings(json, match.repoTags());
    json.raw(SIZES).number(image.size()).raw('}');
  }

  private static void strings(JsonBytes json, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        json.raw(',');
      }
      json.string(values.get(i));
    }
  }
}
