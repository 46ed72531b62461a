package io.goldpan.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.goldpan.functions.support.TestLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented HTTP API (payload v2) Lambda handler serves the same controllers. */
class ApiGatewayProxyTest {

  @Test
  void httpApiHandler_servesHealth_andGuardsTheApi() throws Exception {
    try (APIGatewayV2HTTPEventFunction function = new APIGatewayV2HTTPEventFunction()) {
      APIGatewayV2HTTPResponse health =
          function.handleRequest(request("/health"), new TestLambdaContext());
      APIGatewayV2HTTPResponse jobs =
          function.handleRequest(request("/api/jobs"), new TestLambdaContext());

      assertThat(health.getStatusCode()).isEqualTo(200);
      assertThat(health.getBody()).contains("\"status\":\"UP\"");
      assertThat(jobs.getStatusCode()).isEqualTo(401);
      assertThat(jobs.getBody()).contains("unauthorized");
    }
  }

  private static APIGatewayV2HTTPEvent request(String path) {
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRawPath(path)
        .withRouteKey("$default")
        .withHeaders(Map.of("accept", "application/json"))
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod("GET")
                        .withPath(path)
                        .build())
                .build())
        .build();
  }
}
