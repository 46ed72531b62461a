package io.goldpan.functions.push;

import io.goldpan.functions.outbound.Destinations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * POSTs encrypted messages to push services (RFC 8030). One client per process; its connections
 * resolve hosts through {@link Destinations}, so a socket only opens to an address checked at that
 * moment. No redirects, no automatic retries, bounded timeouts: a hanging push service costs one
 * sender attempt its read timeout, never a job event.
 */
@Singleton
public class PushPoster implements AutoCloseable {
  private final CloseableHttpClient client;

  public PushPoster(Destinations destinations, PushConfig config) {
    PoolingHttpClientConnectionManager connections =
        new PoolingHttpClientConnectionManager(
            RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", SSLConnectionSocketFactory.getSocketFactory())
                .build(),
            null,
            null,
            destinations::resolve,
            30,
            TimeUnit.SECONDS);
    connections.setMaxTotal(20);
    connections.setDefaultMaxPerRoute(4);
    int connect = (int) config.connectTimeout().toMillis();
    int read = (int) config.readTimeout().toMillis();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectTimeout(connect)
                    .setConnectionRequestTimeout(connect)
                    .setSocketTimeout(read)
                    .setRedirectsEnabled(false)
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .setUserAgent("Goldpan-Push/1")
            .build();
  }

  /**
   * Sends one push message and returns the push service's status code; the answer is not read.
   *
   * @throws IOException when no answer came (refused, timed out, TLS failed)
   * @throws io.goldpan.functions.outbound.RefusedDestinationException when the host resolves to an
   *     address that is not allowed
   */
  public int post(URI endpoint, Map<String, String> headers, byte[] body) throws IOException {
    HttpPost post = new HttpPost(endpoint);
    headers.forEach(post::setHeader);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_OCTET_STREAM));
    try (CloseableHttpResponse response = client.execute(post)) {
      return response.getStatusLine().getStatusCode();
    }
  }

  @Override
  @PreDestroy
  public void close() throws IOException {
    client.close();
  }
}
