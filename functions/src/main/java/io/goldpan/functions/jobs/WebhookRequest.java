package io.goldpan.functions.jobs;

import java.net.URI;
import java.util.Set;

/** A submission's {@code webhook} and {@code webhookEvents}, checked for form only. */
public record WebhookRequest(URI url, Set<WebhookEvent> events) {}
