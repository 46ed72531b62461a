package io.goldpan.runner.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * One GPU as {@code nvidia-smi --query-gpu=index,name,memory.total,memory.free,driver_version
 * --format=csv,noheader,nounits} reports it.
 *
 * @param totalMiB total memory, MiB
 * @param freeMiB memory no process holds now, MiB
 */
public record GpuInfo(int index, String name, long totalMiB, long freeMiB, String driverVersion) {

  /** The query {@link #parse} reads. */
  static final List<String> QUERY =
      List.of(
          "--query-gpu=index,name,memory.total,memory.free,driver_version",
          "--format=csv,noheader,nounits");

  /**
   * Parses nvidia-smi's CSV lines; a line it cannot read is skipped.
   *
   * @return the GPUs in the order listed
   */
  static List<GpuInfo> parse(String csv) {
    List<GpuInfo> gpus = new ArrayList<>();
    for (String line : csv.split("\\R")) {
      String[] f = line.split(",");
      if (f.length < 5) {
        continue;
      }
      try {
        gpus.add(
            new GpuInfo(
                Integer.parseInt(f[0].strip()),
                f[1].strip(),
                Long.parseLong(f[2].strip()),
                Long.parseLong(f[3].strip()),
                f[4].strip()));
      } catch (NumberFormatException e) {
        // "[N/A]" on some virtual GPUs: not a GPU the runner can plan with
      }
    }
    return gpus;
  }

  /** Free memory in bytes. */
  long freeBytes() {
    return freeMiB << 20;
  }
}
