package io.goldpan.functions.health;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;

/** The one anonymous route: tells a load balancer or a person that the process answers. */
@Controller("/health")
public class HealthController {

  /** Body of the health response. */
  @Serdeable
  public record Health(String status) {}

  @Get
  public Health health() {
    return new Health("UP");
  }
}
