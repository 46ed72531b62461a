package io.goldpan.functions.push;

import io.goldpan.functions.outbound.Destinations;
import io.goldpan.functions.outbound.OutboundPoster;
import jakarta.inject.Singleton;
import org.apache.http.entity.ContentType;

/**
 * POSTs encrypted messages to push services (RFC 8030), with the push timeouts: a hanging push
 * service costs one sender attempt its read timeout, never a job event. See {@link OutboundPoster}.
 */
@Singleton
public class PushPoster extends OutboundPoster {

  public PushPoster(Destinations destinations, PushConfig config) {
    super(
        destinations,
        config.connectTimeout(),
        config.readTimeout(),
        "Goldpan-Push/1",
        ContentType.APPLICATION_OCTET_STREAM);
  }
}
