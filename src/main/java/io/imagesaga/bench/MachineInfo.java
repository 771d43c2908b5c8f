package io.imagesaga.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The machine a run measured, as the report states it. */
public record MachineInfo(String cpu, int cpus, String memory, String os, String jdk,
    String disk, String date) {

  /** Reads this machine: {@code /proc} where it has it, the JVM's view otherwise. */
  public static MachineInfo of(Path dataDir) {
    int cpus = Runtime.getRuntime().availableProcessors();
    String cpu = read("/proc/cpuinfo").flatMap(MachineInfo::cpuModel)
        .orElse(System.getProperty("os.arch"));
    String memory = read("/proc/meminfo").flatMap(MachineInfo::memTotal).orElse("unknown");
    String os = read("/etc/os-release").flatMap(MachineInfo::prettyName)
        .map(name -> name + ", ").orElse("") + System.getProperty("os.name") + " kernel "
        + System.getProperty("os.version");
    String jdk = System.getProperty("java.vm.name") + " " + System.getProperty(
        "java.runtime.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
        + " MiB";
    return new MachineInfo(cpu, cpus, memory, os, jdk, disk(dataDir),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  /** The first {@code model name} of {@code /proc/cpuinfo}. */
  static Optional<String> cpuModel(String cpuinfo) {
    return field(cpuinfo, "model name", ':');
  }

  /** {@code MemTotal} of {@code /proc/meminfo}, in GiB. */
  static Optional<String> memTotal(String meminfo) {
    return field(meminfo, "MemTotal", ':').map(value -> {
      long kib = Long.parseLong(value.replace("kB", "").trim());
      return String.format(Locale.ROOT, "%.1f GiB", kib / (1024.0 * 1024.0));
    });
  }

  static Optional<String> prettyName(String osRelease) {
    return field(osRelease, "PRETTY_NAME", '=').map(v -> v.replace("\"", ""));
  }

  private static Optional<String> field(String text, String key, char separator) {
    return text.lines().filter(line -> line.startsWith(key))
        .map(line -> line.substring(line.indexOf(separator) + 1).trim())
        .filter(value -> !value.isEmpty()).findFirst();
  }

  private static String disk(Path dir) {
    try {
      FileStore store = Files.getFileStore(dir);
      return store.type() + " on " + store.name() + " (" + dir.toAbsolutePath().getParent()
          + ", " + store.getUsableSpace() / (1L << 30) + " GiB free)";
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static Optional<String> read(String file) {
    try {
      return Optional.of(Files.readString(Path.of(file)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The lines of the report's machine section. */
  public List<String> lines() {
    return List.of("CPU: " + cpu + " × " + cpus, "Memory: " + memory, "OS: " + os,
        "JDK: " + jdk, "Data dir: " + disk, "Date: " + date);
  }
}
