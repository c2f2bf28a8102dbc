package io.metaline.optimize.transfer;

import io.metaline.engine.Rng;
import io.metaline.optimize.OutcomeConstraint;
import io.metaline.optimize.StudySpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The naive warm start (BENCHMARKS.md section 4): the first trials of a new task at the best settings found on a few
 * earlier tasks, then the usual surrogate. The result is meant for {@link StudySpec#withInitialDesign}; each point
 * is approached within the step limits there.
 *
 * <p>A source task's best settings are those of its best observed run among the runs that meet every declared limit
 * (hard and soft), or among all its runs if none does; its encoded input is decoded with
 * {@link io.metaline.optimize.SearchSpace#decode}. Sources that do not report the objective (or a constrained
 * outcome) are skipped.
 */
public final class WarmStart {
    private WarmStart() {}

    /**
     * The best settings of {@code count} source tasks drawn at random (seeded, without replacement), in draw order:
     * the protocol of the benchmark. Fewer if fewer sources qualify.
     */
    public static List<Map<String, Double>> design(List<SourceTask> sources, StudySpec spec, int count, long seed) {
        List<SourceTask> usable = usable(sources, spec, "warm start");
        int[] order = new Rng(seed).permutation(usable.size());
        List<Map<String, Double>> out = new ArrayList<>();
        for (int i = 0; i < Math.min(checked(count), order.length); i++) out.add(bestSettings(usable.get(order[i]), spec));
        return out;
    }

    /**
     * The best settings of the {@code count} source tasks whose best run has the best objective (in the study's
     * direction), best first. Fewer if fewer sources qualify.
     */
    public static List<Map<String, Double>> bestTasks(List<SourceTask> sources, StudySpec spec, int count) {
        List<SourceTask> usable = new ArrayList<>(usable(sources, spec, "warm start"));
        double sign = spec.objective().direction() == io.metaline.optimize.acquisition.Direction.MAXIMISE ? -1 : 1;
        usable.sort(Comparator.comparingDouble(s -> sign * s.outcome(spec.objective().outcome())[bestRun(s, spec)]));
        List<Map<String, Double>> out = new ArrayList<>();
        for (int i = 0; i < Math.min(checked(count), usable.size()); i++) out.add(bestSettings(usable.get(i), spec));
        return out;
    }

    /**
     * {@code count} settings drawn at random (seeded, without replacement) from given ones, e.g. known optima of earlier
     * tasks; each is checked against the study's space.
     */
    public static List<Map<String, Double>> pick(List<Map<String, Double>> candidates, StudySpec spec, int count, long seed) {
        int[] order = new Rng(seed).permutation(candidates.size());
        List<Map<String, Double>> out = new ArrayList<>();
        for (int i = 0; i < Math.min(checked(count), order.length); i++) {
            Map<String, Double> c = candidates.get(order[i]);
            spec.space().values(c, "warm start candidate " + (order[i] + 1));
            out.add(Map.copyOf(c));
        }
        return out;
    }

    /** The settings of a source task's best run (see the class comment). */
    public static Map<String, Double> bestSettings(SourceTask source, StudySpec spec) {
        return spec.space().decode(source.x()[bestRun(source, spec)]);
    }

    /** Index of the best run meeting every limit, or the best run of all if none does. */
    static int bestRun(SourceTask s, StudySpec spec) {
        double[] objective = s.outcome(spec.objective().outcome());
        var direction = spec.objective().direction();
        int best = -1, bestAny = -1;
        for (int i = 0; i < s.runs(); i++) {
            if (bestAny < 0 || direction.better(objective[i], objective[bestAny])) bestAny = i;
            boolean ok = true;
            for (OutcomeConstraint c : spec.constraints()) ok &= c.satisfiedBy(s.outcome(c.outcome())[i]);
            if (ok && (best < 0 || direction.better(objective[i], objective[best]))) best = i;
        }
        return best >= 0 ? best : bestAny;
    }

    /**
     * The sources with runs that report every outcome the study declares; one whose inputs do not fit the study's
     * space is an error, reported as from {@code where}.
     */
    static List<SourceTask> usable(List<SourceTask> sources, StudySpec spec, String where) {
        List<SourceTask> out = new ArrayList<>();
        for (SourceTask s : sources) {
            if (s.runs() == 0 || !s.outcomes().keySet().containsAll(spec.outcomes())) continue;
            if (s.x()[0].length != spec.space().encodedWidth()) {
                throw new IllegalArgumentException(where + ": source task '" + s.id() + "' has " + s.x()[0].length
                        + " encoded inputs but the study's space has " + spec.space().encodedWidth());
            }
            out.add(s);
        }
        return out;
    }

    private static int checked(int count) {
        if (count < 0) throw new IllegalArgumentException("warm start: count must be >= 0, got " + count);
        return count;
    }
}
