package io.goldpan.functions.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationsTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback",
    "127.255.0.9, loopback",
    "::1, loopback",
    "10.0.0.1, private",
    "172.16.0.1, private",
    "172.31.255.255, private",
    "192.168.0.1, private",
    "fc00::1, private (ULA)",
    "fdff::1, private (ULA)",
    "169.254.169.254, link-local",
    "fe80::1, link-local",
    "100.64.0.1, shared (CGNAT)",
    "100.127.255.255, shared (CGNAT)",
    "224.0.0.251, multicast",
    "ff02::1, multicast",
    "0.0.0.0, unspecified",
    "0.1.2.3, unspecified",
    "::, unspecified",
    "255.255.255.255, reserved",
    "::10.0.0.1, private (IPv4 in IPv6)"
  })
  void nonPublicAddresses_areNamed(String address, String kind) throws UnknownHostException {
    assertThat(Destinations.problem(InetAddress.getByName(address))).isEqualTo(kind);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "93.184.215.14",
        "8.8.8.8",
        "100.63.255.255",
        "100.128.0.1",
        "172.32.0.1",
        "2606:4700::1111"
      })
  void publicAddresses_pass(String address) throws UnknownHostException {
    assertThat(Destinations.problem(InetAddress.getByName(address))).isNull();
  }

  @Test
  void aHostWithOnePrivateAddressAmongPublicOnes_isRefused() {
    Destinations destinations =
        new Destinations(
            host ->
                new InetAddress[] {
                  InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.7")
                },
            config(false, false));

    assertThatThrownBy(() -> destinations.check(URI.create("https://mixed.example.test/")))
        .isInstanceOf(RefusedDestinationException.class)
        .hasMessageContaining("10.0.0.7")
        .hasMessageContaining("private");
  }

  @Test
  void allowPrivate_letsLoopbackThrough_butHttpStaysRefusedUnlessAllowed() {
    HostResolver loopback = host -> new InetAddress[] {InetAddress.getLoopbackAddress()};
    Destinations privateOnly = new Destinations(loopback, config(true, false));

    assertThat(privateOnly.check(URI.create("https://127.0.0.1/h"))).hasSize(1);
    assertThatThrownBy(() -> privateOnly.check(URI.create("http://127.0.0.1/h")))
        .hasMessage("must be an https URL");
    assertThat(new Destinations(loopback, config(true, true)).check(URI.create("http://x/h")))
        .hasSize(1);
  }

  @Test
  void retryWaits_doubleFromTheFirst_upToTheMaximum() {
    WebhooksConfig config = config(false, false);

    assertThat(config.retryAfter(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.retryAfter(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.retryAfter(7)).isEqualTo(Duration.ofSeconds(640));
    assertThat(config.retryAfter(12)).isEqualTo(Duration.ofHours(1));
    assertThat(config.retryAfter(60)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void onADeploymentThatSendsNothingOut_everyDestinationIsRefused_sayingWhy() {
    WebhooksConfig off =
        new WebhooksConfig(
            false,
            false,
            8,
            Duration.ofSeconds(10),
            Duration.ofHours(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(2),
            50,
            true,
            false);
    Destinations destinations = new Destinations(host -> new InetAddress[0], off);

    assertThatThrownBy(() -> destinations.check(URI.create("https://example.com/hook")))
        .isInstanceOf(RefusedDestinationException.class)
        .hasMessage(
            "cannot be used on this deployment: its functions have no internet access"
                + " (goldpan.webhooks.enabled is false)");
  }

  private static WebhooksConfig config(boolean allowPrivate, boolean allowHttp) {
    return new WebhooksConfig(
        allowPrivate,
        allowHttp,
        8,
        Duration.ofSeconds(10),
        Duration.ofHours(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        50,
        true,
        true);
  }
}
