package io.livelog.events.control;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;

/**
 * The one JSON-P provider of the application, resolved once. {@code Json.createReader(...)} and
 * {@code Json.createObjectBuilder()} look the provider up through {@code ServiceLoader} on every
 * call, which on Payara walks the web application's class loader and its jars: measured at about a
 * quarter of the server CPU of a single-event ingest request (issue 16). Everything here is
 * thread-safe; the factories share Parsson's buffer pool.
 */
public final class JsonFactories {

  private static final JsonProvider PROVIDER = JsonProvider.provider();
  private static final jakarta.json.JsonReaderFactory READERS =
      PROVIDER.createReaderFactory(Map.of());
  private static final jakarta.json.JsonBuilderFactory BUILDERS =
      PROVIDER.createBuilderFactory(Map.of());

  private JsonFactories() {}

  /** The provider every JSON-P call of Livelog goes through. */
  public static JsonProvider provider() {
    return PROVIDER;
  }

  /**
   * Reads one JSON value.
   *
   * @throws jakarta.json.JsonException when the text is not JSON
   */
  public static JsonValue read(String text) {
    try (JsonReader reader = READERS.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  /**
   * Reads one JSON object.
   *
   * @throws jakarta.json.JsonException when the text is not a JSON object
   */
  public static JsonObject readObject(String text) {
    try (JsonReader reader = READERS.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  public static JsonObjectBuilder object() {
    return BUILDERS.createObjectBuilder();
  }

  public static JsonArrayBuilder array() {
    return BUILDERS.createArrayBuilder();
  }
}
