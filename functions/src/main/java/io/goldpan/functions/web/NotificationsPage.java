package io.goldpan.functions.web;

import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * The Notifications page: turn notifications on for this device, see and remove the others.
 *
 * @param publicKey the VAPID public key the page subscribes with; {@code null} when push is not set
 *     up on this server
 * @param webhookSecret a webhook signing secret just made, shown this once; {@code null} otherwise
 */
public record NotificationsPage(
    Views.Shell shell,
    @Nullable String publicKey,
    List<Device> devices,
    int maxDevices,
    Map<String, String> errors,
    @Nullable String webhookSecret) {

  /** One device that gets notifications; {@code service} is its push service's host. */
  public record Device(String id, String name, String service, String added, String lastSent) {}

  @Nullable public String error(String field) {
    return errors.get(field);
  }
}
