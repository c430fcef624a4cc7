package io.livelog.testsupport;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A plain HTTP client for one deployed Livelog, always on 127.0.0.1. */
public final class Api {

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** Rewrites Arquillian's URL (which names the host's network address) to loopback. */
  public Api(URL deployment) {
    String path =
        deployment.getPath().endsWith("/") ? deployment.getPath() : deployment.getPath() + "/";
    this.base = URI.create("http://127.0.0.1:" + deployment.getPort() + path);
  }

  public URI base() {
    return base;
  }

  public URI uri(String relative) {
    return base.resolve(relative);
  }

  public HttpClient http() {
    return http;
  }

  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public static String admin() {
    return basic("admin", Deployments.ADMIN_PASSWORD);
  }

  public static String bearer() {
    return "Bearer " + Deployments.INGEST_TOKEN;
  }

  public HttpRequest.Builder request(String relative, String authorization) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri(relative)).timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(request.method() + " " + request.uri(), e);
    }
  }

  public HttpResponse<String> get(String relative, String authorization) {
    return send(request(relative, authorization).GET().build());
  }

  public HttpResponse<String> post(
      String relative, String authorization, String contentType, String body) {
    return send(
        request(relative, authorization)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** POSTs events as JSON with the ingest token. */
  public HttpResponse<String> ingest(String json) {
    return post("api/logs", bearer(), "application/json", json);
  }

  /** POSTs events as NDJSON (one object a line) with the ingest token. */
  public HttpResponse<String> ingestNdjson(String lines) {
    return post("api/logs", bearer(), "application/x-ndjson", lines);
  }

  public JsonObject stats() {
    return object(get("api/stats", admin()).body());
  }

  public JsonArray history(String query) {
    return array(get("api/logs" + query, admin()).body());
  }

  /** Fires a CDI event from inside the server, as another bean would. */
  public void fire(String message) {
    HttpResponse<String> response =
        send(
            request(
                    "api/test-probe/fire?message="
                        + java.net.URLEncoder.encode(message, StandardCharsets.UTF_8),
                    bearer())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    if (response.statusCode() != 204) {
      throw new IllegalStateException("fire: " + response.statusCode() + " " + response.body());
    }
  }

  public static JsonObject object(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  public static JsonArray array(String json) {
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      return reader.readArray();
    }
  }
}
