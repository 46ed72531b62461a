package io.goldpan.runner.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.goldpan.runner.cuda.CudaLibrarySet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DoctorCommandTest {
  @TempDir Path dir;

  private ServerSocket queue;
  private int closedPort;
  private final Map<String, String> env = new HashMap<>();
  private final StringWriter out = new StringWriter();

  @BeforeEach
  void environment() throws IOException {
    queue = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = gone.getLocalPort();
    }
    Files.createDirectories(dir.resolve("bin"));
    env.put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
    env.put("HOME", dir.toString());
    env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    env.put("GOLDPAN_SQS_ENDPOINT", "http://127.0.0.1:" + queue.getLocalPort());
    env.put("GOLDPAN_S3_ENDPOINT", "http://127.0.0.1:" + closedPort);
    env.put("AWS_ACCESS_KEY_ID", "AKIDDOCTORTEST");
    env.put("AWS_SECRET_ACCESS_KEY", "doctor-secret-never-printed");
  }

  @AfterEach
  void close() throws IOException {
    queue.close();
  }

  private int doctor() {
    CommandLine command = new CommandLine(new DoctorCommand(env, CudaLibrarySet.pinned()));
    command.setOut(new PrintWriter(out, true));
    return command.execute();
  }

  private void fakeNvidiaSmi(String csv) throws IOException {
    Path smi = dir.resolve("bin/nvidia-smi");
    Files.writeString(
        smi,
        "#!/bin/sh\n"
            + "[ \"$1\" = \"--query-gpu=index,name,memory.total,memory.free,driver_version\" ]"
            + " || exit 9\n"
            + "cat <<'CSV'\n"
            + csv
            + "CSV\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A model directory whose ONNX files weigh {@code gib} GiB (sparse, so the disk holds none). */
  private Path modelOf(long gib) throws IOException {
    Path model = dir.resolve("big");
    Files.createDirectories(model.resolve("unet"));
    Files.writeString(model.resolve("model_index.json"), "{}");
    try (RandomAccessFile weights =
        new RandomAccessFile(model.resolve("unet/model.onnx_data").toFile(), "rw")) {
      weights.setLength(gib << 30);
    }
    return model;
  }

  private static boolean systemCudaLibraries() {
    return Files.exists(Path.of("/usr/local/cuda/lib64/libcudart.so.12"))
        || Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcudart.so.12"));
  }

  @Test
  void doctor_withTwoGpusOneBusy_listsEachAndSaysWhichModelFits() throws IOException {
    fakeNvidiaSmi(
        "0, NVIDIA GeForce RTX 5090, 32607, 31000, 575.64\n"
            + "1, NVIDIA GeForce RTX 3060, 12288, 512, 575.64\n");
    env.put("GOLDPAN_MODELS", "demo,big=" + modelOf(40));

    int status = doctor();

    String report = out.toString();
    assertThat(status).as(report).isZero();
    assertThat(report)
        .contains("java:        " + System.getProperty("java.version"))
        .contains("driver:      found: ")
        .contains(
            "gpu 0:       NVIDIA GeForce RTX 5090, 32607 MiB total, 31000 MiB free, driver 575.64")
        .contains(
            "gpu 1:       NVIDIA GeForce RTX 3060, 12288 MiB total, 512 MiB free, driver 575.64")
        .contains("model demo: built-in, fp32, 0.0 GB of ONNX files, fits anywhere")
        .contains(
            "model big: "
                + dir.resolve("big")
                + ", unknown, 40.0 GB of ONNX files, does not fit: needs about 41.5 GB of GPU"
                + " memory, 30.3 GB free");
  }

  @Test
  void doctor_withAModelThatFits_saysSo() throws IOException {
    fakeNvidiaSmi("0, NVIDIA GeForce RTX 5090, 32607, 31000, 575.64\n");
    env.put("GOLDPAN_MODELS", "big=" + modelOf(2));

    doctor();

    assertThat(out.toString())
        .contains("2.0 GB of ONNX files, fits (needs about 3.5 GB, 30.3 GB free)");
  }

  @Test
  void doctor_whenNvidiaSmiFails_saysWhy() throws IOException {
    Path smi = dir.resolve("bin/nvidia-smi");
    Files.writeString(
        smi,
        "#!/bin/sh\necho 'NVIDIA-SMI has failed because it couldn'\\''t communicate with the"
            + " NVIDIA driver.'\nexit 9\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));

    doctor();

    assertThat(out.toString())
        .contains("gpus:        nvidia-smi failed: NVIDIA-SMI has failed because it couldn't");
  }

  @Test
  void doctor_withoutNvidiaSmi_saysTheGpusAreUnknown() {
    doctor();

    assertThat(out.toString()).contains("gpus:        unknown (nvidia-smi is not on the PATH)");
  }

  @Test
  void doctor_withoutCudaLibraries_reportsTheMissingLibraryByName_andAutoPaintsOnTheCpu() {
    assumeThat(systemCudaLibraries()).as("this machine has no CUDA libraries").isFalse();

    int status = doctor();

    String report = out.toString();
    assertThat(status).as(report).isZero();
    assertThat(report)
        .contains("providers:   compiled in [")
        .contains("  CPU:       starts (demo painted)")
        .containsPattern(
            "  CUDA:      fails: missing library lib[a-zA-Z]+\\.so\\.\\d+ \\(run: goldpan-runner"
                + " cuda install\\)")
        .contains("cuda libs:   none (missing libcudart.so.12")
        .contains(
            "verdict:     GOLDPAN_EXECUTION_PROVIDER=auto, so the runner paints on the CPU (CUDA"
                + " does not start)");
  }

  @Test
  void doctor_whenCudaWasAskedForAndDoesNotStart_exitsNonZero() {
    assumeThat(systemCudaLibraries()).as("this machine has no CUDA libraries").isFalse();
    env.put("GOLDPAN_EXECUTION_PROVIDER", "cuda");

    int status = doctor();

    assertThat(status).isEqualTo(1);
    assertThat(out.toString())
        .contains(
            "verdict:     GOLDPAN_EXECUTION_PROVIDER=cuda, so the runner paints on nothing: CUDA"
                + " does not start");
  }

  @Test
  void doctor_onTheCpu_doesNotTryCuda() {
    env.put("GOLDPAN_EXECUTION_PROVIDER", "cpu");

    int status = doctor();

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("  CUDA:      fails: not tried (GOLDPAN_EXECUTION_PROVIDER=cpu)");
  }

  @Test
  void doctor_checksTheEndpoints_andNeverPrintsCredentials() {
    doctor();

    String report = out.toString();
    assertThat(report)
        .containsPattern(
            "queue:       sqs http://127.0.0.1:"
                + queue.getLocalPort()
                + " reachable \\(\\d+ ms\\)")
        .contains("storage:     s3  http://127.0.0.1:" + closedPort + " unreachable: ")
        .contains("credentials: static, from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (not shown)")
        .doesNotContain("doctor-secret-never-printed")
        .doesNotContain("AKIDDOCTORTEST");
  }

  @Test
  void doctor_withAnUnusableConfiguration_exits2() {
    env.put("GOLDPAN_EXECUTION_PROVIDER", "tpu");

    int status = doctor();

    assertThat(status).isEqualTo(2);
    assertThat(out.toString())
        .contains("config:      unusable: GOLDPAN_EXECUTION_PROVIDER must be auto, cuda or cpu");
  }

  @Test
  void explain_turnsOnnxRuntimeErrorsIntoCauses() {
    assertThat(
            ProviderCheck.explain(
                "Failed to load library libonnxruntime_providers_cuda.so with error:"
                    + " libcublasLt.so.12: cannot open shared object file: No such file or"
                    + " directory"))
        .isEqualTo("missing library libcublasLt.so.12 (run: goldpan-runner cuda install)");
    assertThat(
            ProviderCheck.explain(
                "cuda_call.cc:129 ... CUDA failure 35: CUDA driver version is insufficient for CUDA"
                    + " runtime version ; GPU=-1 ; hostname=vm"))
        .isEqualTo(
            "the NVIDIA driver is missing or older than CUDA 12.8 needs (update it): CUDA failure"
                + " 35: CUDA driver version is insufficient for CUDA runtime version");
    assertThat(
            ProviderCheck.explain("CUDA failure 100: no CUDA-capable device is detected ; GPU=0"))
        .startsWith("no CUDA-capable device is visible");
  }
}
