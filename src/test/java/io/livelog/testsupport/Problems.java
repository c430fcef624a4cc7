package io.livelog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;

/** The contract's error answers: a status with an {@code application/problem+json} body. */
public final class Problems {

  private Problems() {}

  /** Asserts the status and a problem body carrying it, naming {@code field} unless null. */
  public static void assertProblem(HttpResponse<String> response, int status, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonObject problem = Api.object(response.body());
    assertThat(problem.getInt("status")).isEqualTo(status);
    if (field != null) {
      assertThat(problem.getString("field")).isEqualTo(field);
    }
  }
}
