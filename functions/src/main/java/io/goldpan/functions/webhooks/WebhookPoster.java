package io.goldpan.functions.webhooks;

import io.goldpan.functions.outbound.Destinations;
import io.goldpan.functions.outbound.OutboundPoster;
import io.goldpan.functions.outbound.WebhooksConfig;
import jakarta.inject.Singleton;
import org.apache.http.entity.ContentType;

/** POSTs webhook bodies (JSON), with the webhook timeouts; see {@link OutboundPoster}. */
@Singleton
public class WebhookPoster extends OutboundPoster {

  public WebhookPoster(Destinations destinations, WebhooksConfig config) {
    super(
        destinations,
        config.connectTimeout(),
        config.readTimeout(),
        "Goldpan-Webhooks/1",
        ContentType.APPLICATION_JSON);
  }
}
