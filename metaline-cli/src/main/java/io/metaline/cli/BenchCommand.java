package io.metaline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code metaline bench}: groups the benchmark commands whose numbers go into docs/benchmarks.md. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run benchmarks (numbers for docs/benchmarks.md).",
        subcommands = {EngineBenchCommand.class, SineBenchCommand.class, OptimizeBenchCommand.class, ServeBenchCommand.class,
            DemoBenchCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
