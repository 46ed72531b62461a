package io.goldpan.functions.outbound;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
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
 * POSTs Goldpan's own outgoing requests (webhooks, push messages). One client per kind and process;
 * its connections resolve hosts through {@link Destinations}, so a socket only ever opens to an
 * address checked at that moment (a host whose DNS changed to a private address since it was given
 * is refused, and there is no second lookup to race). No redirects, no automatic retries, no proxy
 * from system properties, bounded timeouts: a hanging receiver costs one attempt its read timeout.
 */
public class OutboundPoster implements AutoCloseable {
  private final CloseableHttpClient client;
  private final ContentType contentType;

  /**
   * @param connectTimeout to open the connection (TLS included)
   * @param readTimeout to wait for the answer
   * @param userAgent what the requests say they come from
   * @param contentType of every body this poster sends
   */
  protected OutboundPoster(
      Destinations destinations,
      Duration connectTimeout,
      Duration readTimeout,
      String userAgent,
      ContentType contentType) {
    this.contentType = contentType;
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
    int connect = (int) connectTimeout.toMillis();
    int read = (int) readTimeout.toMillis();
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
            .setUserAgent(userAgent)
            .build();
  }

  /**
   * Sends one POST and returns the receiver's status code; the answer's body is not read.
   *
   * @throws IOException when no answer came (refused, timed out, TLS failed)
   * @throws RefusedDestinationException when the host resolves to an address that is not allowed
   */
  public int post(URI url, Map<String, String> headers, byte[] body) throws IOException {
    HttpPost post = new HttpPost(url);
    headers.forEach(post::setHeader);
    post.setEntity(new ByteArrayEntity(body, contentType));
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
