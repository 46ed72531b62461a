package io.goldpan.runner.cuda;

import java.net.URI;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The CUDA 12 runtime and cuDNN 9 libraries that ONNX Runtime 1.23.2's CUDA provider links against,
 * as a pinned set of NVIDIA wheels from PyPI.
 *
 * <p>{@code ldd -r libonnxruntime_providers_cuda.so} names libcudart.so.12, libcublas.so.12,
 * libcublasLt.so.12, libcufft.so.11, libcurand.so.10 and libcudnn.so.9; cuDNN opens its
 * sub-libraries at run time, its runtime-compiled engines need NVRTC, and cuFFT 11.3 links
 * nvJitLink. The versions are those of CUDA 12.8 (the first 12.x with RTX 50 / Blackwell support)
 * and cuDNN 9.10 (which supports it too); ONNX Runtime 1.23.2 is built for CUDA 12.x and cuDNN 9.
 *
 * @param version names the set; the cache keeps each set in a folder of this name
 * @param wheels the wheels, in load order
 */
public record CudaLibrarySet(String version, List<CudaWheel> wheels) {

  public CudaLibrarySet {
    wheels = List.copyOf(wheels);
  }

  private static final String FILES = "https://files.pythonhosted.org/packages/";

  private static final CudaLibrarySet PINNED =
      new CudaLibrarySet(
          "cuda12.8-cudnn9.10",
          List.of(
              wheel(
                  "nvidia-nvjitlink-cu12",
                  "12.8.93",
                  "nvidia_nvjitlink_cu12-12.8.93-py3-none-manylinux2010_x86_64.manylinux_2_12_x86_64.whl",
                  "f6/74/86a07f1d0f42998ca31312f998bd3b9a7eff7f52378f4f270c8679c77fb9",
                  "81ff63371a7ebd6e6451970684f916be2eab07321b73c9d244dc2b4da7f73b88",
                  "nvidia/nvjitlink/lib/libnvJitLink.so.12"),
              wheel(
                  "nvidia-cuda-nvrtc-cu12",
                  "12.8.93",
                  "nvidia_cuda_nvrtc_cu12-12.8.93-py3-none-manylinux2010_x86_64.manylinux_2_12_x86_64.whl",
                  "05/6b/32f747947df2da6994e999492ab306a903659555dddc0fbdeb9d71f75e52",
                  "a7756528852ef889772a84c6cd89d41dfa74667e24cca16bb31f8f061e3e9994",
                  "nvidia/cuda_nvrtc/lib/libnvrtc.so.12",
                  "nvidia/cuda_nvrtc/lib/libnvrtc-builtins.so.12.8"),
              wheel(
                  "nvidia-cuda-runtime-cu12",
                  "12.8.90",
                  "nvidia_cuda_runtime_cu12-12.8.90-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
                  "0d/9b/a997b638fcd068ad6e4d53b8551a7d30fe8b404d6f1804abf1df69838932",
                  "adade8dcbd0edf427b7204d480d6066d33902cab2a4707dcfc48a2d0fd44ab90",
                  "nvidia/cuda_runtime/lib/libcudart.so.12"),
              wheel(
                  "nvidia-cublas-cu12",
                  "12.8.4.1",
                  "nvidia_cublas_cu12-12.8.4.1-py3-none-manylinux_2_27_x86_64.whl",
                  "dc/61/e24b560ab2e2eaeb3c839129175fb330dfcfc29e5203196e5541a4c44682",
                  "8ac4e771d5a348c551b2a426eda6193c19aa630236b418086020df5ba9667142",
                  "nvidia/cublas/lib/libcublasLt.so.12",
                  "nvidia/cublas/lib/libcublas.so.12"),
              wheel(
                  "nvidia-cufft-cu12",
                  "11.3.3.83",
                  "nvidia_cufft_cu12-11.3.3.83-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
                  "1f/13/ee4e00f30e676b66ae65b4f08cb5bcbb8392c03f54f2d5413ea99a5d1c80",
                  "4d2dd21ec0b88cf61b62e6b43564355e5222e4a3fb394cac0db101f2dd0d4f74",
                  "nvidia/cufft/lib/libcufft.so.11"),
              wheel(
                  "nvidia-curand-cu12",
                  "10.3.9.90",
                  "nvidia_curand_cu12-10.3.9.90-py3-none-manylinux_2_27_x86_64.whl",
                  "fb/aa/6584b56dc84ebe9cf93226a5cde4d99080c8e90ab40f0c27bda7a0f29aa1",
                  "b32331d4f4df5d6eefa0554c565b626c7216f87a06a4f56fab27c3b68a830ec9",
                  "nvidia/curand/lib/libcurand.so.10"),
              wheel(
                  "nvidia-cudnn-cu12",
                  "9.10.2.21",
                  "nvidia_cudnn_cu12-9.10.2.21-py3-none-manylinux_2_27_x86_64.whl",
                  "ba/51/e123d997aa098c61d029f76663dedbfb9bc8dcf8c60cbd6adbe42f76d049",
                  "949452be657fa16687d0930933f032835951ef0892b37d2d53824d1a84dc97a8",
                  "nvidia/cudnn/lib/libcudnn.so.9",
                  "nvidia/cudnn/lib/libcudnn_graph.so.9",
                  "nvidia/cudnn/lib/libcudnn_engines_runtime_compiled.so.9",
                  "nvidia/cudnn/lib/libcudnn_engines_precompiled.so.9",
                  "nvidia/cudnn/lib/libcudnn_heuristic.so.9",
                  "nvidia/cudnn/lib/libcudnn_ops.so.9",
                  "nvidia/cudnn/lib/libcudnn_cnn.so.9",
                  "nvidia/cudnn/lib/libcudnn_adv.so.9")));

  /** The set {@code goldpan-runner cuda install} fetches. */
  public static CudaLibrarySet pinned() {
    return PINNED;
  }

  /** The file names of every library in the set, in load order. */
  public List<String> libraryFiles() {
    return wheels.stream().flatMap(w -> w.libraries().stream()).map(CudaWheel::baseName).toList();
  }

  /** This set with each wheel replaced as {@code change} says (a test's fake digests). */
  public CudaLibrarySet map(UnaryOperator<CudaWheel> change) {
    return new CudaLibrarySet(version, wheels.stream().map(change).toList());
  }

  private static CudaWheel wheel(
      String name, String version, String file, String folder, String sha256, String... libraries) {
    return new CudaWheel(
        name, version, file, URI.create(FILES + folder + "/" + file), sha256, List.of(libraries));
  }
}
