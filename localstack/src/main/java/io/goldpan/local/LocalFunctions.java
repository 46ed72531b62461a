package io.goldpan.local;

import io.goldpan.functions.auth.ApiKeys;
import io.goldpan.functions.jobs.UnfinishedJobs;
import io.micronaut.context.ApplicationContext;

/** What the launcher asks of the running functions beyond HTTP. */
final class LocalFunctions {
  private LocalFunctions() {}

  /** Creates an API key for {@code owner}; the only time the full key exists. */
  static String createApiKey(ApplicationContext functions, String owner) {
    return functions.getBean(ApiKeys.class).create(owner);
  }

  /** The embedded queues live in memory: after a restart, queue again what the database holds. */
  static void requeueUnfinishedJobs(ApplicationContext functions) {
    functions.getBean(UnfinishedJobs.class).requeueAll();
  }
}
