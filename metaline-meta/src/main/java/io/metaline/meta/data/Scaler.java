package io.metaline.meta.data;

import io.metaline.engine.Tensor;
import io.metaline.meta.Examples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-column standardisation of regression inputs and outputs: {@code (v - mean) / std}. Fit it on the training
 * tasks' rows only ({@link HistoryTasks#fitScaler}) so that validation and test tasks do not leak into training. A
 * column whose spread is zero (or negligible against its mean, below 1e-12 of it) gets std 1, so it is only shifted.
 * Predictions in standard units go back to the data's units with {@link #inverseOutputs}.
 *
 * <p>Saved with a model as a plain map ({@link #toMap()} / {@link #fromMap(Map)}) of column-name lists and number
 * lists, which any JSON library writes as is. Immutable: the arrays are copied in and out.
 */
public record Scaler(List<String> inputColumns, double[] inputMean, double[] inputStd,
                     List<String> outputColumns, double[] outputMean, double[] outputStd) {

    public Scaler {
        inputColumns = List.copyOf(inputColumns);
        outputColumns = List.copyOf(outputColumns);
        inputMean = check("inputMean", inputMean, inputColumns.size(), false);
        inputStd = check("inputStd", inputStd, inputColumns.size(), true);
        outputMean = check("outputMean", outputMean, outputColumns.size(), false);
        outputStd = check("outputStd", outputStd, outputColumns.size(), true);
    }

    private static double[] check(String what, double[] values, int n, boolean positive) {
        if (values == null) throw new IllegalArgumentException("Scaler: " + what + " is missing");
        if (values.length != n) {
            throw new IllegalArgumentException("Scaler: " + what + " has " + values.length + " values for " + n + " columns");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i]) || (positive && values[i] <= 0)) {
                throw new IllegalArgumentException("Scaler: " + what + "[" + i + "] = " + values[i] + " is not "
                        + (positive ? "a positive finite number" : "finite"));
            }
        }
        return values.clone();
    }

    /** A scaler that changes nothing (mean 0, std 1). */
    public static Scaler identity(List<String> inputColumns, List<String> outputColumns) {
        double[] zi = new double[inputColumns.size()], oi = new double[inputColumns.size()];
        double[] zo = new double[outputColumns.size()], oo = new double[outputColumns.size()];
        Arrays.fill(oi, 1.0);
        Arrays.fill(oo, 1.0);
        return new Scaler(inputColumns, zi, oi, outputColumns, zo, oo);
    }

    /** Means and (population) standard deviations of the columns of {@code x [n, inputs]} and {@code y [n, outputs]}. */
    public static Scaler fit(List<String> inputColumns, Tensor x, List<String> outputColumns, Tensor y) {
        double[][] in = meanStd(x, inputColumns.size(), "inputs");
        double[][] out = meanStd(y, outputColumns.size(), "outputs");
        return new Scaler(inputColumns, in[0], in[1], outputColumns, out[0], out[1]);
    }

    private static double[][] meanStd(Tensor t, int k, String what) {
        if (t.rank() != 2 || t.dim(1) != k) {
            throw new IllegalArgumentException("Scaler.fit: " + what + " must have shape [n, " + k + "], got "
                    + Arrays.toString(t.shape()));
        }
        int n = t.dim(0);
        if (n == 0) throw new IllegalArgumentException("Scaler.fit: no rows to compute means from");
        double[] v = t.toArray();
        double[] mean = new double[k], std = new double[k];
        for (int r = 0; r < n; r++) for (int j = 0; j < k; j++) mean[j] += v[r * k + j];
        for (int j = 0; j < k; j++) mean[j] /= n;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < k; j++) {
                double d = v[r * k + j] - mean[j];
                std[j] += d * d;
            }
        }
        for (int j = 0; j < k; j++) {
            std[j] = Math.sqrt(std[j] / n);
            if (!(std[j] > 1e-12 * Math.max(1.0, Math.abs(mean[j])))) std[j] = 1.0;
        }
        return new double[][] {mean, std};
    }

    /** Inputs {@code [n, inputs]} in standard units. */
    public Tensor transformInputs(Tensor x) {
        return standardize(x, inputMean, inputStd, "inputs");
    }

    /** Outputs {@code [n, outputs]} in standard units. */
    public Tensor transformOutputs(Tensor y) {
        return standardize(y, outputMean, outputStd, "outputs");
    }

    /** Outputs in standard units {@code [n, outputs]} back in the data's units (differentiable). */
    public Tensor inverseOutputs(Tensor y) {
        checkWidth(y, outputMean.length, "outputs");
        return y.mul(Tensor.vector(outputStd)).add(Tensor.vector(outputMean));
    }

    /** Regression examples with inputs and targets in standard units. */
    public Examples transform(Examples examples) {
        if (examples.isClassification()) throw new IllegalArgumentException("Scaler: cannot scale class labels");
        return Examples.regression(transformInputs(examples.x()), transformOutputs(examples.y()));
    }

    private static Tensor standardize(Tensor t, double[] mean, double[] std, String what) {
        checkWidth(t, mean.length, what);
        double[] inv = new double[std.length];
        for (int j = 0; j < std.length; j++) inv[j] = 1.0 / std[j];
        return t.sub(Tensor.vector(mean)).mul(Tensor.vector(inv));
    }

    private static void checkWidth(Tensor t, int k, String what) {
        if (t.rank() < 1 || t.dim(t.rank() - 1) != k) {
            throw new IllegalArgumentException("Scaler: " + what + " must have " + k + " columns (last axis), got shape "
                    + Arrays.toString(t.shape()));
        }
    }

    /**
     * This scaler as a map: {@code inputColumns}, {@code outputColumns} (lists of names) and {@code inputMean},
     * {@code inputStd}, {@code outputMean}, {@code outputStd} (lists of doubles).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputColumns", inputColumns);
        m.put("inputMean", list(inputMean));
        m.put("inputStd", list(inputStd));
        m.put("outputColumns", outputColumns);
        m.put("outputMean", list(outputMean));
        m.put("outputStd", list(outputStd));
        return m;
    }

    /** The scaler saved by {@link #toMap()}; numbers may be any {@link Number}s (as a JSON reader gives them). */
    public static Scaler fromMap(Map<String, ?> map) {
        return new Scaler(names(map, "inputColumns"), numbers(map, "inputMean"), numbers(map, "inputStd"),
                names(map, "outputColumns"), numbers(map, "outputMean"), numbers(map, "outputStd"));
    }

    private static List<Double> list(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) out.add(d);
        return List.copyOf(out);
    }

    private static List<String> names(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (!(v instanceof List<?> l)) throw new IllegalArgumentException("Scaler: '" + key + "' must be a list of names");
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) throw new IllegalArgumentException("Scaler: '" + key + "' holds a non-name " + o);
            out.add(s);
        }
        return out;
    }

    private static double[] numbers(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (!(v instanceof List<?> l)) throw new IllegalArgumentException("Scaler: '" + key + "' must be a list of numbers");
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number num)) {
                throw new IllegalArgumentException("Scaler: '" + key + "' holds a non-number " + l.get(i));
            }
            out[i] = num.doubleValue();
        }
        return out;
    }

    @Override
    public double[] inputMean() {
        return inputMean.clone();
    }

    @Override
    public double[] inputStd() {
        return inputStd.clone();
    }

    @Override
    public double[] outputMean() {
        return outputMean.clone();
    }

    @Override
    public double[] outputStd() {
        return outputStd.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scaler s && inputColumns.equals(s.inputColumns) && outputColumns.equals(s.outputColumns)
                && Arrays.equals(inputMean, s.inputMean) && Arrays.equals(inputStd, s.inputStd)
                && Arrays.equals(outputMean, s.outputMean) && Arrays.equals(outputStd, s.outputStd);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputColumns, outputColumns, Arrays.hashCode(inputMean), Arrays.hashCode(inputStd),
                Arrays.hashCode(outputMean), Arrays.hashCode(outputStd));
    }

    @Override
    public String toString() {
        return "Scaler{inputs " + inputColumns + " mean " + Arrays.toString(inputMean) + " std "
                + Arrays.toString(inputStd) + "; outputs " + outputColumns + " mean " + Arrays.toString(outputMean)
                + " std " + Arrays.toString(outputStd) + "}";
    }
}
