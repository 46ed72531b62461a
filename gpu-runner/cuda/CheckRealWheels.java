import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.goldpan.runner.cuda.CudaCache;
import io.goldpan.runner.cuda.CudaInstaller;
import io.goldpan.runner.cuda.CudaLibraries;
import io.goldpan.runner.cuda.CudaLibrarySet;
import io.goldpan.runner.models.ExecutionProvider;
import io.goldpan.runner.models.demo.DemoModel;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;

/** Fetches the real pinned wheels, loads them and starts the CUDA provider on the demo model. */
public class CheckRealWheels {
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    CudaLibrarySet set = CudaLibrarySet.pinned();
    CudaCache cache = CudaCache.forUser(env);
    PrintWriter out = new PrintWriter(System.out, true);
    String index = env.getOrDefault("GOLDPAN_CUDA_INDEX", "https://pypi.org");
    CudaInstaller.create(URI.create(index), cache, out).install(set);
    CudaLibraries.Found found = CudaLibraries.prepare(env, cache, set);
    out.println("libraries: " + found.source() + " " + found.detail() + " (all loaded)");
    OrtEnvironment ort = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = ExecutionProvider.CUDA.newSessionOptions()) {
      out.println("addCUDA: ok");
    }
    try (DemoModel model = DemoModel.open(ort, ExecutionProvider.CUDA)) {
      out.println("demo session on CUDA: created (a GPU is present)");
    } catch (RuntimeException e) {
      out.println("demo session on CUDA: " + e.getMessage());
    }
  }
}
