package io.goldpan.functions.web;

import io.goldpan.functions.gallery.GalleryNotFoundException;
import io.goldpan.functions.push.InvalidSubscriptionException;
import io.goldpan.functions.push.PushConfig;
import io.goldpan.functions.push.PushSubscription;
import io.goldpan.functions.push.PushSubscriptions;
import io.goldpan.functions.push.VapidKeys;
import io.goldpan.functions.web.internal.FormBody;
import io.goldpan.functions.webhooks.WebhookSecrets;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Notifications page: the page's script subscribes this browser to push (the browser's push
 * service gives an endpoint and keys) and POSTs the subscription here; the owner's devices are
 * listed and each can be removed.
 */
@Controller("/app/notifications")
@ExecuteOn(TaskExecutors.BLOCKING)
public class NotificationsController {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationsController.class);

  private final PushSubscriptions subscriptions;
  private final VapidKeys vapid;
  private final PushConfig config;
  private final Pages pages;
  private final WebhookSecrets webhookSecrets;

  public NotificationsController(
      PushSubscriptions subscriptions,
      VapidKeys vapid,
      PushConfig config,
      Pages pages,
      WebhookSecrets webhookSecrets) {
    this.webhookSecrets = webhookSecrets;
    this.subscriptions = subscriptions;
    this.vapid = vapid;
    this.config = config;
    this.pages = pages;
  }

  static final String NEW_SECRET_COOKIE = "goldpan_new_webhook_secret";
  private static final ShownOnce NEW_SECRET =
      new ShownOnce(NEW_SECRET_COOKIE, "/app/notifications", Duration.ofMinutes(5));

  @Get
  public HttpResponse<String> show(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      HttpRequest<?> request) {
    String secret = NEW_SECRET.read(request, session, 1).map(v -> v.get(0)).orElse(null);
    MutableHttpResponse<String> page = pages.html("notifications", model(session, secret));
    return NEW_SECRET.brought(request) ? page.cookie(NEW_SECRET.cleared(request)) : page;
  }

  /**
   * Makes a new webhook signing secret, as {@code POST /api/webhook-secret} does, and shows it on
   * the next GET of the page only.
   */
  @Post("/webhook-secret")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> rotateWebhookSecret(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      HttpRequest<?> request) {
    String secret = webhookSecrets.rotate(session.owner());
    LOG.info("webhook secret rotated from the web app: owner={}", session.owner());
    return HttpResponse.seeOther(URI.create("/app/notifications#webhook-secret"))
        .cookie(NEW_SECRET.carry(request, session, secret));
  }

  /**
   * Stores this browser's subscription. Answers JSON for the page's script: {@code 201 {"id"}}, or
   * {@code 400 {"field", "message"}} naming the field at fault.
   */
  @Post("/devices")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, String>> subscribe(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      HttpRequest<?> request) {
    FormBody form = FormBody.of(request);
    try {
      PushSubscription device =
          subscriptions.subscribe(
              session.owner(),
              form.get("device"),
              form.get("endpoint"),
              form.get("p256dh"),
              form.get("auth"));
      LOG.info("push device added: subscriptionId={} owner={}", device.id(), session.owner());
      return HttpResponse.<Map<String, String>>status(HttpStatus.CREATED)
          .body(Map.of("id", device.id()));
    } catch (InvalidSubscriptionException e) {
      return HttpResponse.<Map<String, String>>badRequest()
          .body(Map.of("field", e.field(), "message", e.getMessage()));
    }
  }

  @Post("/devices/{id}/remove")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public HttpResponse<?> remove(
      @RequestAttribute(SessionFilter.SESSION_ATTRIBUTE) WebSession session,
      @PathVariable String id) {
    if (!subscriptions.remove(session.owner(), id)) {
      throw new GalleryNotFoundException("device " + id);
    }
    LOG.info("push device removed: subscriptionId={} owner={}", id, session.owner());
    return HttpResponse.seeOther(URI.create("/app/notifications"));
  }

  private NotificationsPage model(WebSession session) {
    return model(session, null);
  }

  private NotificationsPage model(WebSession session, String webhookSecret) {
    List<NotificationsPage.Device> devices =
        subscriptions.of(session.owner()).stream()
            .map(
                s ->
                    new NotificationsPage.Device(
                        s.id(),
                        s.device(),
                        URI.create(s.endpoint()).getHost(),
                        s.createdAt().toString(),
                        s.lastSentAt() == null ? "never" : s.lastSentAt().toString()))
            .toList();
    return new NotificationsPage(
        Views.Shell.signedIn("Notifications", session, "notifications"),
        vapid.configured() ? vapid.publicKey() : null,
        devices,
        config.maxDevices(),
        Map.of(),
        webhookSecret);
  }
}
