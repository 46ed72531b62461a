package io.goldpan.runner.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.goldpan.runner.store.InstalledModel;
import io.goldpan.runner.store.ModelStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelPull} against {@link FakeHub}: every point of the Hub protocol the pull relies on.
 */
class ModelPullTest {
  private static final Path TINY_SD =
      Path.of("src/test/resources/sd/models/tiny-sd").toAbsolutePath();
  private static final String REPO = "goldpan/tiny-sd-onnx";
  private static final String DATA = "unet/model.onnx_data";

  @TempDir Path models;

  private final FakeHub fake = new FakeHub();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @AfterEach
  void stop() {
    fake.close();
  }

  private InstalledModel pull(String token, String repo) {
    HubClient hub = new HubClient(fake.endpoint(), token, HubClient.httpClient());
    DownloadProgress progress =
        new DownloadProgress(new PrintStream(err, true, StandardCharsets.UTF_8), false, () -> 0L);
    return new ModelPull(hub, new ModelStore(models), progress).pull(RepoRef.parse(repo), "tiny");
  }

  private FakeHub tinyRepo() {
    return fake.repo(
        REPO,
        TINY_SD,
        Map.of(
            "unet/diffusion_pytorch_model.safetensors", new byte[] {1, 2, 3},
            "safety_checker/model.onnx", new byte[] {4, 5, 6},
            "text_encoder/pytorch_model.bin", new byte[] {7}));
  }

  @Test
  void pull_installsOnlyWhatTheRunnerNeeds_pinnedToOneCommit_followingEveryPage() throws Exception {
    tinyRepo().pageSize(4);

    InstalledModel model = pull(null, REPO);

    Path installed = models.resolve("tiny");
    assertThat(model.directory()).isEqualTo(installed);
    List<String> expected = FakeHub.relativeFiles(TINY_SD);
    assertThat(FakeHub.relativeFiles(installed))
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(expected.stream(), Stream.of("goldpan-source.json")).toList());
    for (String file : expected) {
      assertThat(installed.resolve(file)).hasSameBinaryContentAs(TINY_SD.resolve(file));
    }
    assertThat(Files.exists(models.resolve(".partial/tiny"))).isFalse();
    // More entries than one page holds: the listing followed its Link headers.
    assertThat(fake.hubRequests.stream().filter(r -> r.path().startsWith("/api/models/")))
        .hasSizeGreaterThan(3)
        .allMatch(r -> r.path().contains("/tree/" + FakeHub.COMMIT));
    assertThat(fake.hubRequests.stream().filter(r -> r.path().contains("/resolve/main/")))
        .extracting(FakeHub.Request::path)
        .containsExactly("/" + REPO + "/resolve/main/model_index.json");
    assertThat(fake.cdnRequests)
        .extracting(FakeHub.Request::path)
        .anyMatch(p -> p.endsWith("file=" + DATA))
        .noneMatch(p -> p.contains("safetensors") || p.contains("safety_checker"));
    assertThat(model.precision()).isEqualTo("fp32");
  }

  @Test
  void pull_sendsTheTokenToTheHub_butNeverToTheDownloadHost() {
    tinyRepo().gated(REPO);

    pull(FakeHub.TOKEN, REPO);

    assertThat(fake.hubRequests)
        .isNotEmpty()
        .allMatch(r -> ("Bearer " + FakeHub.TOKEN).equals(r.authorization()));
    assertThat(fake.cdnRequests).isNotEmpty().allMatch(r -> r.authorization() == null);
  }

  @Test
  void pull_gatedRepoWithoutToken_namesTheRepoPageAndHfToken() {
    tinyRepo().gated(REPO);

    assertThatThrownBy(() -> pull(null, REPO))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("401, gated repo")
        .hasMessageContaining("request access at " + fake.endpoint() + "/" + REPO)
        .hasMessageContaining("HF_TOKEN");
    assertThat(models.resolve("tiny")).doesNotExist();
  }

  @Test
  void pull_fileNotMatchingItsDigest_isRefused_andNothingIsInstalled() {
    tinyRepo().corrupt(DATA);

    assertThatThrownBy(() -> pull(null, REPO))
        .isInstanceOf(HubException.class)
        .hasMessageStartingWith(DATA + " of " + REPO + "@0123456789ab is corrupt: expected")
        .hasMessageContaining("nothing was installed");
    assertThat(models.resolve("tiny")).doesNotExist();
    assertThat(models.resolve(".partial/tiny/" + DATA)).doesNotExist();
    assertThat(models.resolve(".partial/tiny/" + DATA + ".part")).doesNotExist();
    assertThat(new ModelStore(models).list()).isEmpty();
  }

  @Test
  void pull_cutMidFile_failsKeepingThePart_andTheNextPullResumesWithRange() throws Exception {
    tinyRepo().cutOnce(DATA);

    assertThatThrownBy(() -> pull(null, REPO))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("download of " + DATA + " from " + REPO + " was interrupted")
        .hasMessageContaining("run the same pull again to resume");
    assertThat(models.resolve("tiny")).doesNotExist();
    Path part = models.resolve(".partial/tiny/" + DATA + ".part");
    long kept = Files.size(part);
    assertThat(kept).isPositive().isLessThan(Files.size(TINY_SD.resolve(DATA)));
    fake.cdnRequests.clear();

    pull(null, REPO);

    assertThat(models.resolve("tiny/" + DATA)).hasSameBinaryContentAs(TINY_SD.resolve(DATA));
    assertThat(fake.cdnRequests)
        .filteredOn(r -> r.path().endsWith("file=" + DATA))
        .extracting(FakeHub.Request::range)
        .containsExactly("bytes=" + kept + "-");
    // Files verified before the cut (in listing order) were not fetched again.
    assertThat(fake.cdnRequests)
        .extracting(FakeHub.Request::path)
        .noneMatch(p -> p.endsWith("file=text_encoder/model.onnx"))
        .noneMatch(p -> p.endsWith("file=unet/model.onnx"))
        .anyMatch(p -> p.endsWith("file=vae_decoder/model.onnx"));
  }

  @Test
  void pull_serverIgnoringRange_restartsTheFile_andStillVerifies() throws Exception {
    tinyRepo().cutOnce(DATA).ignoreRange();
    assertThatThrownBy(() -> pull(null, REPO)).isInstanceOf(HubException.class);

    pull(null, REPO);

    assertThat(models.resolve("tiny/" + DATA)).hasSameBinaryContentAs(TINY_SD.resolve(DATA));
  }

  @Test
  void pull_repoWithoutUnet_isRefusedNamingIt_beforeAnyDownload() {
    fake.repo(REPO, TINY_SD, Map.of(), "unet/");

    assertThatThrownBy(() -> pull(null, REPO))
        .isInstanceOf(HubException.class)
        .hasMessage(
            "repo "
                + REPO
                + " at 0123456789ab is not a Stable Diffusion model in the ONNX layout the runner"
                + " needs; it lacks: unet/model.onnx");
    assertThat(fake.cdnRequests).isEmpty();
    assertThat(models.resolve("tiny")).doesNotExist();
  }

  @Test
  void pull_renamedRepo_followsTheHubsOwnRedirect_keepingTheToken() throws Exception {
    tinyRepo().renamed("goldpan/old-name", REPO).gated(REPO);

    pull(FakeHub.TOKEN, "goldpan/old-name");

    assertThat(models.resolve("tiny/" + DATA)).hasSameBinaryContentAs(TINY_SD.resolve(DATA));
    assertThat(fake.hubRequests)
        .extracting(FakeHub.Request::path)
        .containsSubsequence(
            "/goldpan/old-name/resolve/main/model_index.json",
            "/" + REPO + "/resolve/main/model_index.json");
    assertThat(fake.cdnRequests).allMatch(r -> r.authorization() == null);
  }

  @Test
  void pull_unknownRepo_saysSo() {
    tinyRepo();

    assertThatThrownBy(() -> pull(null, "goldpan/nothing-here"))
        .isInstanceOf(HubException.class)
        .hasMessageStartingWith("the Hub has no repo goldpan/nothing-here");
  }

  @Test
  void pull_nameAlreadyInstalled_isRefusedPointingAtRm() throws Exception {
    tinyRepo();
    pull(null, REPO);

    assertThatThrownBy(() -> pull(null, REPO))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("goldpan-runner models rm tiny");
  }
}
