package io.goldpan.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code goldpan-local keys}: a friend gets a key of their own, and loses it when revoked. */
class LocalKeysIT {
  @TempDir Path dataDir;

  @Test
  void createListRevoke_onTheDataFolder_andTheFriendsKeyWorksAgainstTheStack() {
    try (GoldpanLocal first = start()) {
      // the data folder exists now
    }

    Run created =
        keys(
            "create", "--owner", "sam", "--label", "Sam's phone", "--data-dir", dataDir.toString());
    assertThat(created.code).as(created.err).isZero();
    Matcher key = Pattern.compile("(gp_([a-z2-7]+)_\\S+)").matcher(created.out);
    assertThat(key.find()).as(created.out).isTrue();
    Run listed = keys("list", "--data-dir", dataDir.toString());
    assertThat(listed.out)
        .contains("sam", "Sam's phone", key.group(2))
        .doesNotContain(key.group(1));

    try (GoldpanLocal stack = start()) {
      Api asSam = new Api(stack.apiUrl(), key.group(1));
      assertThat(asSam.post("/api/jobs", "{\"prompt\":\"sam's first\"}").status()).isEqualTo(202);
      assertThat(new Api(stack.apiUrl(), stack.apiKey()).get("/api/jobs").body())
          .as("the owner sees none of sam's jobs")
          .doesNotContain("sam's first");
    }

    Run revoked = keys("revoke", key.group(2), "--data-dir", dataDir.toString());
    assertThat(revoked.code).isZero();
    try (GoldpanLocal stack = start()) {
      assertThat(new Api(stack.apiUrl(), key.group(1)).get("/api/jobs").status()).isEqualTo(401);
    }
  }

  @Test
  void createWithoutAnOwner_orInAFolderWithNoStack_saysWhatIsMissing() {
    Run noOwner = keys("create", "--data-dir", dataDir.toString());
    Run noStack = keys("list", "--data-dir", dataDir.resolve("nothing").toString());

    assertThat(noOwner.code).isNotZero();
    assertThat(noOwner.err).contains("--owner");
    assertThat(noStack.code).isNotZero();
    assertThat(noStack.err).contains("no goldpan-local data");
  }

  private GoldpanLocal start() {
    return GoldpanLocal.start(TestStacks.onFreePorts(dataDir, false), Map.of(), Map.of());
  }

  private record Run(int code, String out, String err) {}

  private static Run keys(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        LocalKeys.run(
            List.of(args),
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
