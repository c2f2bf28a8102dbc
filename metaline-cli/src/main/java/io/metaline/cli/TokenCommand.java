package io.metaline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code metaline token}: groups the commands that manage the server's API tokens. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = {
            "Manage the server's API tokens (create, list, revoke).",
            "A token belongs to one site and has a role: viewer reads, operator runs studies,",
            "admin also uploads data, trains models, creates studies and manages tokens."},
        subcommands = {TokenCreateCommand.class, TokenListCommand.class, TokenRevokeCommand.class})
public final class TokenCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
