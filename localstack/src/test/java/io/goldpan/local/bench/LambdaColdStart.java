package io.goldpan.local.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;

/**
 * Runs in a fresh JVM: times the HTTP API Lambda handler's initialisation and its first invocation
 * (GET /health), as a Lambda cold start does, without AWS. Prints two numbers in ms.
 */
public final class LambdaColdStart {
  public static void main(String[] args) throws Exception {
    long jvmStart = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    long t0 = System.nanoTime();
    try (APIGatewayV2HTTPEventFunction function = new APIGatewayV2HTTPEventFunction()) {
      long t1 = System.nanoTime();
      APIGatewayV2HTTPResponse response = function.handleRequest(health(), new BenchContext());
      long t2 = System.nanoTime();
      if (response.getStatusCode() != 200) {
        throw new IllegalStateException("GET /health answered " + response.getStatusCode());
      }
      System.out.printf(
          "jvm-to-handler=%d init=%.1f first-invocation=%.1f%n",
          System.currentTimeMillis() - jvmStart - (t2 - t0) / 1_000_000,
          (t1 - t0) / 1e6,
          (t2 - t1) / 1e6);
    }
  }

  private static APIGatewayV2HTTPEvent health() {
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRawPath("/health")
        .withRouteKey("$default")
        .withHeaders(Map.of("accept", "application/json"))
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod("GET")
                        .withPath("/health")
                        .build())
                .build())
        .build();
  }

  private static final class BenchContext implements Context {
    @Override
    public String getAwsRequestId() {
      return "bench";
    }

    @Override
    public String getLogGroupName() {
      return "bench";
    }

    @Override
    public String getLogStreamName() {
      return "bench";
    }

    @Override
    public String getFunctionName() {
      return "bench";
    }

    @Override
    public String getFunctionVersion() {
      return "1";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:us-east-1:0:function:bench";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return 30_000;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override
        public void log(String message) {
          System.err.println(message);
        }

        @Override
        public void log(byte[] message) {
          System.err.println(new String(message));
        }
      };
    }
  }
}
