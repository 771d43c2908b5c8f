package io.imagesaga.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagesaga.audit.JournalExport;
import io.imagesaga.audit.JournalRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The audit routes of a node on loopback, as the web UI calls them. */
final class AuditClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  AuditClient(int port) {
    this.port = port;
  }

  record Answer(int status, String contentType, String body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }

    String message() throws Exception {
      return json().path("message").asText();
    }
  }

  /** One page of {@code GET /imagesaga/audit/history}: its records, read back, and next. */
  record Page(List<JournalRecord> records, long next) {}

  Answer get(String pathAndQuery) throws Exception {
    return send(pathAndQuery, "audit-test");
  }

  Answer send(String pathAndQuery, String userAgent) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .header("User-Agent", userAgent).GET().build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""), response.body());
  }

  Answer delete(String pathAndQuery, String userAgent) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .header("User-Agent", userAgent).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), "", response.body());
  }

  /** {@code GET /imagesaga/audit/history?<query>}, which must answer 200. */
  Page history(String query) throws Exception {
    Answer answer = get("/imagesaga/audit/history?" + query);
    if (answer.status() != 200) {
      throw new AssertionError("history?" + query + " answered " + answer.status() + ": "
          + answer.body());
    }
    JsonNode page = answer.json();
    List<JournalRecord> records = new ArrayList<>();
    for (JsonNode line : page.path("records")) {
      records.add(JournalExport.parse(line.toString()));
    }
    return new Page(records, page.path("next").asLong(-1));
  }

  /** Every record of {@code GET /imagesaga/audit/journal}. */
  List<JournalRecord> journal() throws Exception {
    return get("/imagesaga/audit/journal").body().lines().map(JournalExport::parse).toList();
  }
}
