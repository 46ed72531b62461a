package io.goldpan.functions.events;

import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * A queue that a server process consumes itself (on Lambda, SQS triggers deliver it instead).
 *
 * @param name what is polled, for the thread name and the logs, e.g. {@code events}
 * @param url resolved on each receive, so a queue missing at start-up is found later
 * @param handler gets a message's id and body; returns whether the message is done (delete it)
 */
public record ConsumedQueue(
    String name, Supplier<String> url, BiPredicate<String, String> handler) {}
