package io.goldpan.functions.webhooks;

import io.goldpan.functions.outbound.Destinations;
import io.goldpan.functions.outbound.WebhooksConfig;
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
 * POSTs webhook bodies. One client per process; its connections resolve hosts through {@link
 * Destinations}, so a socket only ever opens to an address checked at that moment (a host whose DNS
 * changed to a private address since submit is refused, and there is no second lookup to race). No
 * redirects, no automatic retries, no proxy from system properties, bounded timeouts.
 */
@Singleton
public class WebhookPoster implements AutoCloseable {
  private final CloseableHttpClient client;

  public WebhookPoster(Destinations destinations, WebhooksConfig config) {
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
            .setUserAgent("Goldpan-Webhooks/1")
            .build();
  }

  /**
   * Sends one POST and returns the receiver's status code; the answer's body is not read.
   *
   * @throws IOException when no answer came (refused, timed out, TLS failed)
   * @throws io.goldpan.functions.outbound.RefusedDestinationException when the host resolves to an
   *     address that is not allowed
   */
  public int post(URI url, Map<String, String> headers, byte[] body) throws IOException {
    HttpPost post = new HttpPost(url);
    headers.forEach(post::setHeader);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
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
