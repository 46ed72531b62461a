package io.goldpan.functions.push;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What the service worker shows: the JSON inside an encrypted push message.
 *
 * @param title the notification's title
 * @param body e.g. "20 of 20 painted · cctv footage of yoda…"
 * @param url where a tap opens, a path under {@code /app}
 * @param image the first picture's thumbnail (a presigned URL), or {@code null}
 * @param tag one per job or group, so a repeat replaces rather than stacks
 */
@Serdeable
public record Notification(
    String title, String body, String url, @Nullable String image, String tag) {}
