package io.metaline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MetaLineCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new MetaLineCli());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void helpExitsZeroAndListsSubcommands() {
        assertEquals(0, run("--help"));
        String help = out.toString();
        assertTrue(help.contains("demo"), help);
        assertTrue(help.contains("bench"), help);
    }

    @Test
    void benchHelpListsEngine() {
        assertEquals(0, run("bench", "--help"));
        assertTrue(out.toString().contains("engine"), out.toString());
    }

    @Test
    void missingSubcommandIsAUsageError() {
        assertEquals(2, run());
        assertTrue(err.toString().contains("Missing required subcommand"), err.toString());
    }

    @Test
    void versionFallsBackWhenNotInAJar() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().contains("MetaLine "), out.toString());
    }

    @Test
    void sineTorchReferenceWithoutPythonFailsBeforeTraining() {
        CliRun r = CliRun.of("bench", "sine", "--torch", "--python", "/nonexistent/python3", "--iterations", "1");
        assertTrue(r.code() != 0, r.toString());
        assertTrue(r.err().contains("--torch: the PyTorch reference cannot run"),
                r.toString());
    }
}
