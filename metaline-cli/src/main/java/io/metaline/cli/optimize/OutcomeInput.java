package io.metaline.cli.optimize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code name=value ...} lines typed by an operator (measured outcomes, or the task's context), validating
 * each and asking again with a message that says what was wrong. Separators: spaces, commas or semicolons.
 */
public final class OutcomeInput {
    private final BufferedReader in;
    private final PrintWriter out;

    public OutcomeInput(BufferedReader in, PrintWriter out) {
        this.in = in;
        this.out = out;
    }

    /** What a line said: values, or that the run failed (with a reason). */
    public record Answer(Map<String, Double> values, boolean failed, String reason) {}

    /** Thrown by {@link #parse} with the message to show before asking again. */
    public static final class BadInput extends Exception {
        public BadInput(String message) {
            super(message);
        }
    }

    /**
     * Prompts until a valid line arrives; null at the end of the input.
     *
     * @param required   names that must all be given (the result has exactly these, in this order)
     * @param ignorable  other names accepted and ignored (outcomes the line measures that the study does not use)
     * @param allowFailed whether {@code failed [reason]} is an answer
     */
    public Answer read(String prompt, List<String> required, Set<String> ignorable, boolean allowFailed) throws IOException {
        while (true) {
            out.print(prompt);
            out.flush();
            String line = in.readLine();
            if (line == null) {
                out.println();
                out.flush();
                return null;
            }
            try {
                return parse(line, required, ignorable, allowFailed);
            } catch (BadInput e) {
                out.println("  " + e.getMessage());
                out.flush();
            }
        }
    }

    /** One line's answer, or {@link BadInput} saying what is wrong. */
    public static Answer parse(String line, List<String> required, Set<String> ignorable, boolean allowFailed) throws BadInput {
        String text = line.strip();
        String example = String.join(" ", required.stream().map(n -> n + "=...").toList());
        if (text.isEmpty()) {
            throw new BadInput("nothing entered; type " + example + (allowFailed ? ", or 'failed' if the run failed" : ""));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (allowFailed && (lower.equals("failed") || lower.startsWith("failed ") || lower.startsWith("failed:"))) {
            String reason = text.substring("failed".length()).replaceFirst("^[:\\s]+", "").strip();
            return new Answer(Map.of(), true, reason.isEmpty() ? "reported failed by the operator" : reason);
        }
        Map<String, Double> given = new LinkedHashMap<>();
        for (String token : text.split("[\\s,;]+")) {
            if (token.isEmpty()) continue;
            int eq = token.indexOf('=');
            if (eq <= 0 || eq == token.length() - 1) {
                throw new BadInput("'" + token + "' is not name=value; type " + example
                        + (allowFailed ? ", or 'failed'" : ""));
            }
            String name = token.substring(0, eq), value = token.substring(eq + 1);
            if (!required.contains(name) && !ignorable.contains(name)) {
                throw new BadInput("unknown name '" + name + "'; expected " + String.join(", ", required));
            }
            double v;
            try {
                v = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new BadInput(name + ": '" + value + "' is not a number");
            }
            if (!Double.isFinite(v)) {
                throw new BadInput(name + ": " + value + " is not a finite number"
                        + (allowFailed ? "; if the run failed, type 'failed'" : ""));
            }
            if (given.put(name, v) != null) throw new BadInput(name + " is given twice");
        }
        List<String> missing = required.stream().filter(n -> !given.containsKey(n)).toList();
        if (!missing.isEmpty()) throw new BadInput("missing " + String.join(", ", missing) + "; type " + example);
        Map<String, Double> values = new LinkedHashMap<>();
        for (String n : required) values.put(n, given.get(n));
        return new Answer(values, false, null);
    }
}
