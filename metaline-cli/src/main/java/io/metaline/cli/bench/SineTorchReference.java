package io.metaline.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.meta.GradOrder;
import io.metaline.meta.Stat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The PyTorch MAML reference of {@code bench sine}, judged on exactly MetaLine's evaluation tasks (a paired
 * comparison): {@code bench/torch_maml_sine_train.py} meta-trains second-order MAML under the same protocol in
 * PyTorch, then adapts to the tasks this class exports, and reports MSE after 1 and 10 steps.
 */
public final class SineTorchReference {
    /** The row name in the table and the key in the JSON. */
    public static final String NAME = "pytorch_maml";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path python;
    private final Path script;

    public SineTorchReference(Path python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** Why the reference cannot run here, or empty if it can. */
    public Optional<String> unavailable() {
        return new TorchReference(python, script).unavailable();
    }

    /** Trains the reference for one K and evaluates it on the same 600 tasks as every MetaLine method. */
    public SineBench.Cell run(int k, int iterations, long seed) throws IOException {
        Path tasks = Files.createTempFile("metaline-sine-tasks", ".json");
        try {
            JSON.writeValue(tasks.toFile(), SineBench.evaluationTasksJson(List.of(k)));
            Process p = new ProcessBuilder(python.toString(), script.toString(), tasks.toString(), "--k", String.valueOf(k),
                    "--iterations", String.valueOf(iterations), "--seed", String.valueOf(seed))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) throw new IOException(script + " exited with " + code);
            JsonNode r = JSON.readTree(out);
            int n = r.path("tasks").asInt();
            return new SineBench.Cell(stat(r.path("k" + k + "_step1"), n), stat(r.path("k" + k + "_step10"), n),
                    r.path("train_seconds").asDouble(), GradOrder.SECOND);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the PyTorch reference ran", e);
        } finally {
            Files.deleteIfExists(tasks);
        }
    }

    /** The script leaves out only non-finite losses; the count of those is its divergence figure. */
    private static Stat stat(JsonNode s, int tasks) throws IOException {
        if (!s.has("mse")) throw new IOException("the PyTorch reference printed no MSE figure: " + s);
        int diverged = s.path("diverged").asInt();
        return new Stat(s.get("mse").asDouble(), s.get("ci95").asDouble(), tasks - diverged, diverged);
    }
}
