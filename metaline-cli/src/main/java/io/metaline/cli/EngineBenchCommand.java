package io.metaline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code metaline bench engine}: autodiff engine speed, optionally against the PyTorch reference. */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    description = "Measure autodiff engine speed (MAML meta-steps), optionally against PyTorch.")
public final class EngineBenchCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print the results as JSON.")
  boolean json;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads (default: all cores, ${DEFAULT-VALUE}).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "20",
      description = "Warm-up iterations, not measured (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--iterations",
      paramLabel = "N",
      defaultValue = "100",
      description = "Measured iterations (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--no-torch", description = "Skip the PyTorch reference run.")
  boolean noTorch;

  @Option(
      names = "--python",
      paramLabel = "PATH",
      defaultValue = "/usr/bin/python3",
      description = "Python interpreter with torch for the reference (default: ${DEFAULT-VALUE}).")
  Path python;

  @Option(names = "--write-docs", description = "Write the results into docs/benchmarks.md.")
  boolean writeDocs;

  @Override
  public Integer call() {
    System.err.println("metaline bench engine: not implemented yet");
    return 2;
  }
}
