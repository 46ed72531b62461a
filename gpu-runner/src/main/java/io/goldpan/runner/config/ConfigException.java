package io.goldpan.runner.config;

import io.goldpan.runner.RunnerException;

/** The runner's configuration is unusable; the message names the variable or file line to fix. */
public class ConfigException extends RunnerException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
