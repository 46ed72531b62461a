package io.goldpan.local.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.Header;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The embedded SQS endpoint's front door. ElasticMQ checks no signature at all, so any local
 * process, or a web page posting blindly to 127.0.0.1, could read every prompt, delete the queues
 * or forge a runner's heartbeat. This front answers on the public SQS port and forwards to
 * ElasticMQ (on a random loopback port) only requests signed with the stack's credentials (SigV4,
 * checked by signing the same request again with the AWS SDK's own signer and comparing) and
 * carrying no browser headers ({@code Origin}, {@code Sec-Fetch-*}): a browser always sends them
 * and no SDK does.
 */
final class SignedSqsFront implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SignedSqsFront.class);
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/sqs/aws4_request,\\s*"
              + "SignedHeaders=([a-z0-9;\\-]+),\\s*Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** How far a request's signing time may be from now, as AWS allows. */
  static final Duration SKEW = Duration.ofMinutes(15);

  /** Headers the JDK's client sets itself and refuses to be given. */
  private static final Set<String> HOP_HEADERS =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  private final HttpServer server;
  private final ExecutorService threads;

  /** Forwarded calls not yet answered: a long poll holds one for up to 20 s. */
  private final Set<HttpRequestBase> inFlight = ConcurrentHashMap.newKeySet();

  private final CloseableHttpClient client =
      HttpClients.custom()
          .setMaxConnTotal(256)
          .setMaxConnPerRoute(256)
          .setDefaultRequestConfig(
              RequestConfig.custom().setConnectTimeout(5_000).setSocketTimeout(60_000).build())
          .disableAutomaticRetries()
          .build();

  private final URI backend;
  private final LocalCredentials credentials;
  private final String region;
  private final Clock clock;

  private SignedSqsFront(
      HttpServer server,
      ExecutorService threads,
      URI backend,
      LocalCredentials credentials,
      String region,
      Clock clock) {
    this.server = server;
    this.threads = threads;
    this.backend = backend;
    this.credentials = credentials;
    this.region = region;
    this.clock = clock;
  }

  /** Listens on {@code host:port} and forwards what it accepts to {@code backend}. */
  static SignedSqsFront start(
      String host, int port, URI backend, LocalCredentials credentials, String region)
      throws IOException {
    AtomicInteger count = new AtomicInteger();
    // Long polls hold a thread each for up to 20 s: the pool grows with the pollers.
    ExecutorService threads =
        Executors.newCachedThreadPool(
            task -> {
              Thread t = new Thread(task, "goldpan-sqs-front-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    // Without TCP_NODELAY each answer waits for the client's delayed ACK: 40 ms a request.
    // The JDK's server reads this once, when its first server is made.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
    SignedSqsFront front =
        new SignedSqsFront(server, threads, backend, credentials, region, Clock.systemUTC());
    server.createContext("/", front::handle);
    server.setExecutor(threads);
    server.start();
    return front;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Optional<String> refusal = refusal(exchange, body);
      if (refusal.isPresent()) {
        LOG.warn(
            "SQS request from {} refused: {}",
            exchange.getRemoteAddress().getAddress().getHostAddress(),
            refusal.get());
        reply(exchange, 403, accessDenied(refusal.get()), "application/x-amz-json-1.0");
        return;
      }
      forward(exchange, body);
    }
  }

  /** Why the request may not pass, or empty when it is the stack's own, correctly signed. */
  Optional<String> refusal(HttpExchange exchange, byte[] body) {
    for (String name : exchange.getRequestHeaders().keySet()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("origin") || lower.startsWith("sec-fetch-")) {
        return Optional.of("sent by a web browser (" + name + " header)");
      }
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null) {
      return Optional.of("not signed");
    }
    Matcher m = AUTHORIZATION.matcher(authorization);
    if (!m.matches()) {
      return Optional.of("not signed with SigV4 for sqs");
    }
    if (!m.group(1).equals(credentials.accessKeyId())) {
      return Optional.of("signed with an unknown access key");
    }
    if (!m.group(3).equals(region)) {
      return Optional.of("signed for another region");
    }
    String amzDate = exchange.getRequestHeaders().getFirst("X-Amz-Date");
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(amzDate == null ? "" : amzDate));
    } catch (DateTimeParseException e) {
      return Optional.of("no valid X-Amz-Date");
    }
    if (Duration.between(signedAt, clock.instant()).abs().compareTo(SKEW) > 0) {
      return Optional.of("signed more than 15 minutes from now");
    }
    List<String> signedHeaders = Arrays.asList(m.group(4).split(";"));
    if (!signedHeaders.contains("host") || !signedHeaders.contains("x-amz-date")) {
      return Optional.of("host and x-amz-date are not signed");
    }
    String expected = expectedAuthorization(exchange, body, signedHeaders, signedAt);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8),
        authorization.getBytes(StandardCharsets.UTF_8))) {
      return Optional.of("bad signature");
    }
    return Optional.empty();
  }

  /** The Authorization header the SDK's signer gives the same request with the stack's secret. */
  private String expectedAuthorization(
      HttpExchange exchange, byte[] body, List<String> signedHeaders, Instant signedAt) {
    URI uri = exchange.getRequestURI();
    String hostHeader = exchange.getRequestHeaders().getFirst("Host");
    URI origin = URI.create("http://" + (hostHeader == null ? "invalid" : hostHeader));
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(exchange.getRequestMethod()))
            .protocol("http")
            .host(origin.getHost())
            .port(origin.getPort())
            .encodedPath(uri.getRawPath());
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        request.appendRawQueryParameter(name, value);
      }
    }
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      String lower = header.getKey().toLowerCase(Locale.ROOT);
      if (signedHeaders.contains(lower) && !lower.equals("host")) {
        request.putHeader(lower, header.getValue());
      }
    }
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(
                            AwsCredentialsIdentity.create(
                                credentials.accessKeyId(), credentials.secretAccessKey()))
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sqs")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(
                            HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
    return signed.request().firstMatchingHeader("Authorization").orElse("");
  }

  private static String decode(String part) {
    return java.net.URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    URI uri = exchange.getRequestURI();
    URI target =
        backend.resolve(
            uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    HttpEntityEnclosingRequestBase call =
        new HttpEntityEnclosingRequestBase() {
          @Override
          public String getMethod() {
            return exchange.getRequestMethod();
          }
        };
    call.setURI(target);
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      if (!HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        for (String value : header.getValue()) {
          call.addHeader(header.getKey(), value);
        }
      }
    }
    call.setEntity(new ByteArrayEntity(body));
    inFlight.add(call);
    try (CloseableHttpResponse answer = client.execute(call)) {
      byte[] bytes =
          answer.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(answer.getEntity());
      for (Header header : answer.getAllHeaders()) {
        if (!HOP_HEADERS.contains(header.getName().toLowerCase(Locale.ROOT))) {
          exchange.getResponseHeaders().add(header.getName(), header.getValue());
        }
      }
      reply(exchange, answer.getStatusLine().getStatusCode(), bytes, null);
    } catch (IOException e) {
      reply(exchange, 502, new byte[0], null);
    } finally {
      inFlight.remove(call);
    }
  }

  private static byte[] accessDenied(String why) {
    String json =
        "{\"__type\":\"com.amazonaws.sqs#AccessDenied\",\"message\":\"Access to the embedded SQS"
            + " endpoint denied: "
            + why.replace("\"", "'")
            + "\"}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static void reply(HttpExchange exchange, int status, byte[] body, String contentType)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    // Closing the connections to ElasticMQ ends open long polls, which it would otherwise wait
    // out (up to 20 s) before it stops.
    inFlight.forEach(HttpRequestBase::abort);
    try {
      client.close();
    } catch (IOException e) {
      LOG.debug("closing the SQS front's client: {}", e.toString());
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
