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

  @Test
  void httpApiHandler_throttlesWrongKeysByTheSourceIpApiGatewaySaw() throws Exception {
    try (APIGatewayV2HTTPEventFunction function = new APIGatewayV2HTTPEventFunction()) {
      for (int i = 0; i < 10; i++) {
        APIGatewayV2HTTPResponse wrong =
            function.handleRequest(
                request("/api/jobs", "203.0.113.5", "Bearer gp_wrong"), new TestLambdaContext());
        assertThat(wrong.getStatusCode()).isEqualTo(401);
      }

      APIGatewayV2HTTPResponse refused =
          function.handleRequest(
              request("/api/jobs", "203.0.113.5", "Bearer gp_wrong"), new TestLambdaContext());
      APIGatewayV2HTTPResponse otherClient =
          function.handleRequest(
              request("/api/jobs", "198.51.100.9", "Bearer gp_wrong"), new TestLambdaContext());

      assertThat(refused.getStatusCode()).isEqualTo(429);
      assertThat(refused.getBody()).contains("too many failed API key checks");
      assertThat(otherClient.getStatusCode()).isEqualTo(401);
    }
  }

  private static APIGatewayV2HTTPEvent request(String path) {
    return request(path, "192.0.2.1", null);
  }

  private static APIGatewayV2HTTPEvent request(String path, String sourceIp, String authorization) {
    Map<String, String> headers =
        authorization == null
            ? Map.of("accept", "application/json")
            : Map.of("accept", "application/json", "authorization", authorization);
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRawPath(path)
        .withRouteKey("$default")
        .withHeaders(headers)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod("GET")
                        .withPath(path)
                        .withSourceIp(sourceIp)
                        .build())
                .build())
        .build();
  }
}
