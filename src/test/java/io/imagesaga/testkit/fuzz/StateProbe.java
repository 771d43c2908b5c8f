package io.imagesaga.testkit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * What a rejected request must leave as it was: the audit log (read from the last offset seen,
 * {@code GET /imagesaga/audit/journal?after=N}, so each look costs what was written since) and
 * the catalog ({@code GET /images/json?all=1} and {@code GET /containers/json?all=1}, without
 * the containers' {@code Status}, which is a clock reading: "Up 3 seconds").
 *
 * <p>An accepted request may go on writing after its answer: a saga tells the entities it
 * touched to forget its steps once its end is journaled ({@code StepsForgotten}), a save ends
 * its leases when its stream ends ({@code LeaseEnded}). Such a record, of a saga or lease
 * holder the log had named before the request under test was sent, is that earlier request's
 * tail, not the rejected request's doing; every other record is.
 */
public final class StateProbe {
  /** One audit record: its offset, entity, event type and fields. */
  public record Record(long offset, String persistenceId, String type, JsonNode event) {
    @Override
    public String toString() {
      return offset + " " + persistenceId + " " + type + " " + FuzzRequest.escape(
          event.toString(), 300);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final Set<String> named = new HashSet<>();
  private long offset;

  public StateProbe(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** The records written since the last call (all of them, the first time). */
  public List<Record> written() throws IOException, InterruptedException {
    return written(join(get("/imagesaga/audit/journal?after=" + offset)));
  }

  private List<Record> written(String lines) throws IOException {
    List<Record> records = new ArrayList<>();
    for (String line : lines.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = JSON.readTree(line);
      Record record = new Record(node.path("offset").asLong(), node.path("persistenceId")
          .asText(), node.path("type").asText(), node.path("event"));
      records.add(record);
      offset = Math.max(offset, record.offset());
    }
    return records;
  }

  /** Those of {@code records} that are not the tail of work named before them (see above). */
  public List<Record> notATail(List<Record> records) {
    return records.stream().filter(r -> !isTail(r)).toList();
  }

  private boolean isTail(Record record) {
    if (record.type().endsWith(".StepsForgotten")) {
      return named.contains(record.event().path("sagaId").asText(null))
          || named.contains(record.event().path("operationId").asText(null));
    }
    return record.type().equals("ImageEvent.LeaseEnded")
        && named.contains(record.event().path("holder").asText(null));
  }

  /**
   * Whether {@code records} (a refused request's own) are the audit of a refusal a delete or
   * an operation decided after journaling its plan (docs/design.md, "The delete saga": "A
   * refusal (a conflict) changes nothing and is journaled as {@code Failed}"): its plan and its
   * refusal, on its own entity, and nothing else.
   */
  public static boolean isJournaledRefusal(List<Record> records) {
    if (records.size() != 2 || !records.get(0).persistenceId()
        .equals(records.get(1).persistenceId())) {
      return false;
    }
    String started = records.get(0).type();
    String ended = records.get(1).type();
    return started.equals("DeletionEvent.Started") && ended.equals("DeletionEvent.Failed")
        || started.equals("OperationEvent.Started") && ended.equals("OperationEvent.Refused");
  }

  /** Remembers the sagas, operations and lease holders {@code records} name. */
  public void remember(List<Record> records) {
    for (Record record : records) {
      int bar = record.persistenceId().indexOf('|');
      named.add(record.persistenceId().substring(bar + 1));
      for (String field : List.of("sagaId", "operationId", "holder")) {
        JsonNode value = record.event().path(field);
        if (value.isTextual()) {
          named.add(value.asText());
        }
      }
    }
  }

  /** The catalog as the API lists it, the containers' clock reading left out. */
  public String catalog() throws IOException, InterruptedException {
    return catalog(get("/v1.47/images/json?all=1"), get("/v1.47/containers/json?all=1"));
  }

  private static String catalog(CompletableFuture<String> images,
      CompletableFuture<String> containers) throws IOException, InterruptedException {
    JsonNode list = JSON.readTree(join(containers));
    list.forEach(c -> ((ObjectNode) c).remove("Status"));
    return join(images) + "\n" + list;
  }

  /** {@link #written()} and {@link #catalog()}, asked at once. */
  public Look look() throws IOException, InterruptedException {
    CompletableFuture<String> journal = get("/imagesaga/audit/journal?after=" + offset);
    CompletableFuture<String> images = get("/v1.47/images/json?all=1");
    CompletableFuture<String> containers = get("/v1.47/containers/json?all=1");
    return new Look(written(join(journal)), catalog(images, containers));
  }

  /** What was written since the last look, and the catalog now. */
  public record Look(List<Record> written, String catalog) {}

  private CompletableFuture<String> get(String path) {
    return client.sendAsync(HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(answer -> {
          if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered "
                + answer.statusCode() + " " + answer.body());
          }
          return answer.body();
        });
  }

  private static String join(CompletableFuture<String> answer)
      throws IOException, InterruptedException {
    try {
      return answer.get();
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
  }
}
