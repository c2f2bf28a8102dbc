package io.metaline.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import io.metaline.meta.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bench/torch_maml_sine.py} with a Python that has torch, on a fixed initialisation and task batch
 * that MetaLine chose, and reads back its timings and meta-gradients.
 */
public final class TorchReference {
    /** What the reference measured for one network width. */
    record Result(String torchVersion, double foMs, double soMs, Params foGrad, Params soGrad) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path python;
    private final Path script;

    public TorchReference(Path python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** Why the reference cannot run here, or empty if it can. */
    public Optional<String> unavailable() {
        if (!Files.isRegularFile(script)) return Optional.of("reference script " + script + " not found");
        if (!Files.isExecutable(python)) return Optional.of(python + " not found");
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import torch").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.of(python + " has no torch (apt-get install python3-torch): "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    Result run(EngineBench.Protocol protocol, int hidden, Params init, List<Task> batch, int warmup, int iterations)
            throws IOException {
        System.err.println("Running the PyTorch reference for 1-" + hidden + "-" + hidden + "-1 ...");
        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("hidden", hidden).put("tasks", protocol.tasks()).put("k", protocol.k())
                .put("alpha", protocol.innerLr()).put("meta_lr", protocol.metaLr())
                .put("warmup", warmup).put("iterations", iterations).put("threads", 1).put("seed", 0);
        ArrayNode names = cfg.putArray("param_names");
        ObjectNode check = cfg.putObject("check");
        ObjectNode params = check.putObject("params");
        for (int i = 0; i < init.size(); i++) {
            names.add(init.name(i));
            ObjectNode p = params.putObject(init.name(i));
            ArrayNode shape = p.putArray("shape");
            for (int d : init.tensor(i).shape()) shape.add(d);
            ArrayNode values = p.putArray("values");
            for (double v : init.tensor(i).toArray()) values.add(v);
        }
        putTasks(check.putArray("xs"), batch.stream().map(t -> t.support().x()).toList());
        putTasks(check.putArray("ys"), batch.stream().map(t -> t.support().y()).toList());
        putTasks(check.putArray("xq"), batch.stream().map(t -> t.query().x()).toList());
        putTasks(check.putArray("yq"), batch.stream().map(t -> t.query().y()).toList());

        Path input = Files.createTempFile("metaline-torch-bench", ".json");
        try {
            JSON.writeValue(input.toFile(), cfg);
            Process p = new ProcessBuilder(python.toString(), script.toString(), input.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            if (code != 0) throw new IOException("PyTorch reference exited with code " + code);
            JsonNode r = JSON.readTree(out);
            return new Result(r.get("torch_version").asText(), r.get("fo_ms").asDouble(), r.get("so_ms").asDouble(),
                    readParams(init, r.get("grad_fo")), readParams(init, r.get("grad_so")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the PyTorch reference", e);
        } finally {
            Files.deleteIfExists(input);
        }
    }

    private static void putTasks(ArrayNode array, java.util.List<Tensor> tensors) {
        for (Tensor t : tensors) {
            ArrayNode row = array.addArray();
            for (double v : t.toArray()) row.add(v);
        }
    }

    private static Params readParams(Params like, JsonNode grads) {
        Params.Builder b = Params.builder();
        for (int i = 0; i < like.size(); i++) {
            JsonNode values = grads.get(like.name(i));
            double[] v = new double[values.size()];
            for (int j = 0; j < v.length; j++) v[j] = values.get(j).asDouble();
            b.put(like.name(i), Tensor.of(v, like.tensor(i).shape()));
        }
        return b.build();
    }
}
