package io.goldpan.runner.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DownloadProgressTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicLong nanos = new AtomicLong();

  private DownloadProgress progress(boolean terminal) {
    return new DownloadProgress(
        new PrintStream(err, true, StandardCharsets.UTF_8), terminal, nanos::get);
  }

  @Test
  void onATerminal_redrawsOneBarWithSizeSpeedAndEta() {
    DownloadProgress progress = progress(true);
    progress.start(4_000_000, 0, 1);
    progress.file("unet/model.onnx_data", 4_000_000);
    nanos.set(1_000_000_000L);
    progress.advance(1_000_000, true);
    progress.finish();

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("pulling 1 files, 4.0 MB")
        .contains(
            "\r[######..................] 1.0 MB / 4.0 MB  1.0 MB/s  ETA 3s  unet/model.onnx_data");
  }

  @Test
  void elsewhere_printsPlainLinesPerFile() {
    DownloadProgress progress = progress(false);
    progress.start(2_000, 500, 2);
    progress.file("unet/model.onnx", 1_500);
    nanos.set(2_000_000_000L);
    progress.advance(1_500, true);
    progress.fileDone("unet/model.onnx");

    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "pulling 2 files, 2.0 kB (500 B already here)",
            "downloading unet/model.onnx (1.5 kB)",
            "verified unet/model.onnx  2.0 kB / 2.0 kB  750 B/s  ETA 0s")
        .noneMatch(line -> line.contains("\r"));
  }

  @Test
  void durations_readAsMinutesAndHours() {
    assertThat(DownloadProgress.duration(59)).isEqualTo("59s");
    assertThat(DownloadProgress.duration(185)).isEqualTo("3m05s");
    assertThat(DownloadProgress.duration(3_725)).isEqualTo("1h02m");
  }
}
