package io.goldpan.runner;

import static io.goldpan.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.goldpan.contract.Contract;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.contract.StorageKeys;
import io.goldpan.runner.config.RunnerConfig;
import io.goldpan.runner.provenance.InvisibleMark;
import io.goldpan.runner.provenance.RunnerVersion;
import io.goldpan.runner.provenance.Xmp;
import io.goldpan.runner.provenance.XmpFacts;
import io.goldpan.testing.Prerequisites;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a runner stores say, in the standard places, that a model made them. */
class StoredImagesProvenanceTest {
  private static final String JOB_ID = "7f3c2a10-5b6d-4e8f-9a0b-1c2d3e4f5a6b";
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private final Fakes.Journal journal = new Fakes.Journal();
  private final Fakes.Queue queue = new Fakes.Queue(journal);
  private final Fakes.Events events = new Fakes.Events(journal);
  private final Fakes.Bucket bucket = new Fakes.Bucket();
  private Runner runner;
  private byte[] png;
  private byte[] thumbnail;

  @BeforeEach
  void paintOneImage() {
    String messageId =
        queue.offer(
            Contract.toJson(
                new JobMessage(
                    Contract.VERSION,
                    JOB_ID,
                    JobParameters.textToImage(
                        "cctv footage of a gnome", null, 1, 42, 256, 256, 4, 7.5, "demo", null),
                    NOW,
                    NOW.plusSeconds(3600))));
    RunnerConfig config =
        TestConfigs.withBackoff(
            RunnerConfig.from(
                Map.of(
                    RunnerConfig.RUNNER_ID, "test-runner",
                    RunnerConfig.POLL_WAIT, "0",
                    RunnerConfig.RUNNER_HEARTBEAT, "3600")),
            Duration.ofMillis(5),
            Duration.ofMillis(20));
    runner =
        Runner.builder(config)
            .jobSource(queue)
            .eventSink(events)
            .imageStore(bucket)
            .models(List.of(new Fakes.FlatModel()))
            .executionProvider("CPU")
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    runner.start();
    until("the job's message is deleted", () -> queue.deleted.contains(messageId));
    png = bucket.objects.get(StorageKeys.image(JOB_ID, 0));
    thumbnail = bucket.objects.get(StorageKeys.thumbnail(JOB_ID, 0));
  }

  @AfterEach
  void stopRunner() {
    runner.close();
  }

  @Test
  void storedPng_carriesXmpInAnUncompressedITxtChunkBeforeTheImageData() throws IOException {
    List<String> chunks = new ArrayList<>();
    String xmp = null;
    ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
    while (in.hasRemaining()) {
      int length = in.getInt();
      byte[] type = new byte[4];
      in.get(type);
      byte[] data = new byte[length];
      in.get(data);
      in.getInt();
      String name = new String(type, StandardCharsets.US_ASCII);
      chunks.add(name);
      byte[] keyword = "XML:com.adobe.xmp\0".getBytes(StandardCharsets.US_ASCII);
      if (name.equals("iTXt")
          && Arrays.equals(data, 0, keyword.length, keyword, 0, keyword.length)) {
        int at = keyword.length;
        assertThat(data[at]).as("compression flag").isZero();
        assertThat(data[at + 1]).as("compression method").isZero();
        assertThat(data[at + 2]).as("empty language tag").isZero();
        assertThat(data[at + 3]).as("empty translated keyword").isZero();
        xmp = new String(data, at + 4, data.length - at - 4, StandardCharsets.UTF_8);
        chunks.set(chunks.size() - 1, "iTXt:xmp");
      }
    }

    assertThat(chunks.indexOf("iTXt:xmp")).isPositive().isLessThan(chunks.indexOf("IDAT"));
    assertThat(chunks).contains("tEXt"); // the parameters, as before
    assertThat(xmp).startsWith("<?xpacket begin=\"\uFEFF\"").endsWith("<?xpacket end=\"r\"?>");
    assertThat(Xmp.read(xmp))
        .isEqualTo(
            new XmpFacts(Xmp.TRAINED_ALGORITHMIC_MEDIA, "Goldpan " + RunnerVersion.get(), "demo"));
    assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(256);
  }

  @Test
  void storedPng_carriesTheInvisibleMark() throws IOException {
    InvisibleMark.Reading reading = InvisibleMark.read(ImageIO.read(new ByteArrayInputStream(png)));

    assertThat(reading.present()).isTrue();
    assertThat(reading.matching()).isEqualTo(56);
  }

  @Test
  void storedThumbnail_carriesTheSameXmpInAnApp1Segment() throws IOException {
    assertThat(thumbnail).startsWith((byte) 0xFF, (byte) 0xD8);
    int at = 2;
    String xmp = null;
    byte[] header = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
    while ((thumbnail[at + 1] & 0xFF) != 0xDA) {
      int length = (thumbnail[at + 2] & 0xFF) << 8 | (thumbnail[at + 3] & 0xFF);
      if ((thumbnail[at + 1] & 0xFF) == 0xE1
          && Arrays.equals(thumbnail, at + 4, at + 4 + header.length, header, 0, header.length)) {
        xmp =
            new String(
                thumbnail,
                at + 4 + header.length,
                length - 2 - header.length,
                StandardCharsets.UTF_8);
      }
      at += 2 + length;
    }

    assertThat(xmp).isEqualTo(Xmp.forModel("demo"));
    assertThat(ImageIO.read(new ByteArrayInputStream(thumbnail)).getWidth()).isEqualTo(256);
  }

  @Test
  void exiftool_readsTheDigitalSourceTypeAndModel_fromStoredPngAndThumbnail(@TempDir Path dir)
      throws Exception {
    Prerequisites.require(
        exiftoolRuns(),
        "GOLDPAN_REQUIRE_EXIFTOOL",
        "no exiftool on the PATH (Debian package libimage-exiftool-perl)");
    Path pngFile = Files.write(dir.resolve("0.png"), png);
    Path jpegFile = Files.write(dir.resolve("0.jpg"), thumbnail);

    for (Path file : List.of(pngFile, jpegFile)) {
      assertThat(exiftool("-n", "-XMP-iptcExt:DigitalSourceType", file.toString()))
          .as("DigitalSourceType of %s", file.getFileName())
          .isEqualTo(Xmp.TRAINED_ALGORITHMIC_MEDIA);
      assertThat(exiftool("-XMP-xmp:CreatorTool", file.toString()))
          .isEqualTo("Goldpan " + RunnerVersion.get());
      assertThat(exiftool("-XMP-iptcExt:AISystemUsed", file.toString())).isEqualTo("demo");
    }
    assertThat(exiftool("-PNG:Parameters", pngFile.toString()))
        .startsWith("cctv footage of a gnome");
  }

  private static boolean exiftoolRuns() {
    try {
      return exiftool("-ver").matches("\\d+\\.\\d+");
    } catch (IOException e) {
      return false;
    }
  }

  /** What exiftool prints for {@code args}, values only ({@code -s3}). */
  private static String exiftool(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("exiftool", "-s3"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IOException("exiftool did not finish within 30 s");
      }
      return out.strip();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for exiftool", e);
    } finally {
      process.destroy();
    }
  }
}
