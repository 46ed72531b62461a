package io.goldpan.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.functions.push.PushConfig;
import io.goldpan.functions.push.VapidKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory's secrets: a VAPID key pair made once, kept owner-only, reused. */
class LocalSecretsTest {
  @TempDir Path dir;

  @Test
  void newDataDir_getsAVapidPair_ownerOnly_andTheSamePairOnTheNextStart() throws Exception {
    LocalSecrets first = LocalSecrets.loadOrCreate(dir);
    LocalSecrets again = LocalSecrets.loadOrCreate(dir);

    assertThat(again.vapid()).isEqualTo(first.vapid());
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("secrets.properties"))))
        .isEqualTo("rw-------");
    assertThat(vapid(first.vapid()).configured()).as("a usable key pair").isTrue();
    assertThat(first.toString()).doesNotContain(first.vapid().privateKey());
  }

  @Test
  void dataDirFromBeforePush_getsAPairOnce_andKeepsItsOtherSecrets() throws Exception {
    Files.writeString(
        dir.resolve("secrets.properties"),
        "aws.accessKeyId=AKIDOLD\naws.secretAccessKey=oldsecret\napi.key=gp_old\n");

    LocalSecrets upgraded = LocalSecrets.loadOrCreate(dir);

    assertThat(upgraded.credentials().accessKeyId()).isEqualTo("AKIDOLD");
    assertThat(upgraded.apiKey()).isEqualTo("gp_old");
    assertThat(LocalSecrets.loadOrCreate(dir).vapid()).isEqualTo(upgraded.vapid());
  }

  private static VapidKeys vapid(LocalSecrets.VapidPair pair) {
    return new VapidKeys(
        new PushConfig(
            pair.publicKey(),
            pair.privateKey(),
            "mailto:me@example.org",
            10,
            6,
            Duration.ofSeconds(10),
            Duration.ofMinutes(30),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofDays(1),
            Duration.ofDays(1),
            Duration.ofSeconds(2),
            50,
            true));
  }
}
