package io.metaline.connect.mapping;

import java.util.List;

/**
 * A line mapping that cannot be used, with every problem found (not just the first): each names the entry
 * ({@code "parameters.melt_temperature"}) and what was expected.
 */
public final class MappingException extends RuntimeException {
    private final List<String> problems;

    public MappingException(String what, List<String> problems) {
        super(format(what, problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one line each. */
    public List<String> problems() {
        return problems;
    }

    private static String format(String what, List<String> problems) {
        StringBuilder sb = new StringBuilder(what).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (String p : problems) sb.append("\n  - ").append(p);
        return sb.toString();
    }
}
