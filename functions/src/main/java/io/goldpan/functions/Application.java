package io.goldpan.functions;

import io.micronaut.runtime.Micronaut;

/** Starts the Goldpan functions as a Netty server (the Lambda handlers live in the same jar). */
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
