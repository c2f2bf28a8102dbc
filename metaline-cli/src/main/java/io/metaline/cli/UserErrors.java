package io.metaline.cli;

import io.metaline.meta.MetaTrainingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns errors in what the user gave (a bad option value, an unknown column, an unreadable file) into one line on
 * stderr and exit code 2, without a stack trace. User errors are {@link IllegalArgumentException}s (which
 * includes the data layer's {@code DataException}) and {@link IOException}s; a diverged run
 * ({@link MetaTrainingException}) is reported the same way with exit code 1. Anything else is a bug and keeps its
 * stack trace.
 */
final class UserErrors implements IExecutionExceptionHandler {

    /** Exit code of a diverged or otherwise failed run that is not the user's input's fault. */
    static final int FAILED = 1;

    static boolean isUserError(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) throws Exception {
        Integer code = report(ex, cmd.getCommandSpec());
        if (code == null) throw ex;
        return code;
    }

    /**
     * Runs a command's body, reporting user errors as one line; used by commands so that they behave the same
     * whether or not the handler is installed on the {@link CommandLine} running them.
     */
    static int run(CommandSpec spec, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (Exception e) {
            Integer code = report(e, spec);
            if (code == null) throw e;
            return code;
        }
    }

    /** Prints the one-line message and returns the exit code, or null if {@code e} is not a user error. */
    private static Integer report(Exception e, CommandSpec spec) {
        if (!isUserError(e) && !(e instanceof MetaTrainingException)) return null;
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof NoSuchFileException nf) message = "file not found: " + nf.getFile();
        else if (cause instanceof AccessDeniedException ad) message = "permission denied: " + ad.getFile();
        else if (cause instanceof FileSystemException fs && fs.getReason() == null) message = "cannot use " + fs.getFile();
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message.replace('\n', ' '));
        spec.commandLine().getErr().flush();
        return e instanceof MetaTrainingException ? FAILED : spec.exitCodeOnInvalidInput();
    }
}
