package io.goldpan.runner.doctor;

import ai.onnxruntime.OrtEnvironment;
import io.goldpan.contract.JobMessage;
import io.goldpan.contract.JobParameters;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.ExecutionProviders;
import io.goldpan.runner.models.demo.DemoModel;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts an execution provider for real: opens the demo model on it and paints a tiny image. */
final class ProviderCheck {
  private static final Pattern MISSING_LIBRARY =
      Pattern.compile("(lib[\\w.+-]+\\.so[\\w.]*): cannot open shared object file");
  private static final Pattern CUDA_FAILURE = Pattern.compile("CUDA failure (\\d+): ([^;]*)");

  private ProviderCheck() {}

  /** Why {@code provider} cannot paint, in a line; empty when it painted. */
  static Optional<String> tryPaint(ExecutionProvider provider) {
    JobMessage job =
        new JobMessage(
            1,
            "doctor",
            JobParameters.textToImage("doctor", null, 1, 1, 8, 8, 1, 0, DemoModel.NAME, null),
            null,
            null);
    try (DemoModel model = DemoModel.open(OrtEnvironment.getEnvironment(), provider)) {
      model.paint(job, 0, (step, steps) -> {});
      return Optional.empty();
    } catch (RuntimeException | LinkageError e) {
      return Optional.of(explain(String.valueOf(e.getMessage())));
    }
  }

  /** ONNX Runtime's error, reduced to what it means for the person reading it. */
  static String explain(String error) {
    Matcher missing = MISSING_LIBRARY.matcher(error);
    if (missing.find()) {
      return "missing library " + missing.group(1) + " (" + ExecutionProviders.INSTALL_HINT + ")";
    }
    Matcher cuda = CUDA_FAILURE.matcher(error);
    if (cuda.find()) {
      String code = cuda.group(1);
      String meaning =
          switch (code) {
            case "35" -> "the NVIDIA driver is missing or older than CUDA 12.8 needs (update it)";
            case "100" -> "no CUDA-capable device is visible (check nvidia-smi, WSL2 GPU support)";
            case "2" -> "out of GPU memory";
            default -> "CUDA error";
          };
      return meaning + ": CUDA failure " + code + ": " + cuda.group(2).strip();
    }
    int newline = error.indexOf('\n');
    return (newline < 0 ? error : error.substring(0, newline)).strip();
  }
}
