package io.metaline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Top-level {@code metaline} command; does nothing itself but dispatch to its subcommands. */
@Command(
        name = "metaline",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        description = "Meta-learning for manufacturing: adapt settings, schedules and predictions from a few observations.",
        subcommands = {DemoCommand.class, AgentCommand.class, MetaTrainCommand.class, MetaEvalCommand.class, OptimizeCommand.class, BenchCommand.class,
                ServeCommand.class, TokenCommand.class})
public final class MetaLineCli implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    public static void main(String[] args) {
        // User errors (bad values, unknown columns, unreadable files) end with one line and exit code 2; bugs keep
        // their stack trace.
        System.exit(new CommandLine(new MetaLineCli()).setExecutionExceptionHandler(new UserErrors()).execute(args));
    }
}
