package io.goldpan.runner.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Makes the runner's threads, named {@code prefix-1}, {@code prefix-2}… so a dump says which. */
public final class NamedThreads implements ThreadFactory {
  private final String prefix;
  private final boolean daemon;
  private final AtomicInteger made = new AtomicInteger();

  private NamedThreads(String prefix, boolean daemon) {
    this.prefix = prefix;
    this.daemon = daemon;
  }

  /** Daemon threads: they never keep the JVM alive on their own. */
  public static NamedThreads daemon(String prefix) {
    return new NamedThreads(prefix, true);
  }

  /** Threads that keep the JVM alive while they run, as the poll loop does until a stop. */
  public static NamedThreads nonDaemon(String prefix) {
    return new NamedThreads(prefix, false);
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, prefix + "-" + made.incrementAndGet());
    thread.setDaemon(daemon);
    return thread;
  }
}
