package io.goldpan.runner.config;

import java.io.PrintStream;
import java.util.Map;

/**
 * What a {@code goldpan-runner} command talks to: its output streams and the process environment.
 *
 * @param out where results go (file names, tables)
 * @param err where progress and errors go
 * @param terminal whether {@code err} is a terminal (progress lines are redrawn in place)
 * @param environment the process environment, usually {@link System#getenv()}
 */
public record CommandContext(
    PrintStream out, PrintStream err, boolean terminal, Map<String, String> environment) {
  public CommandContext {
    environment = Map.copyOf(environment);
  }
}
