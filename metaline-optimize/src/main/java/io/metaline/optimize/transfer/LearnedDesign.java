package io.metaline.optimize.transfer;

import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Surrogate;
import io.metaline.optimize.acquisition.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A first few settings learnt from earlier tasks: chosen among the earlier tasks' best runs (those meeting every
 * limit, see {@link WarmStart#bestSettings}; the scoring itself looks at the objective only) so that, across those
 * tasks, the best of the chosen settings is as close as possible to each task's best. Each earlier task is
 * modelled by the surrogate fitted to its own runs, which scores every candidate on it; a candidate's regret on a
 * task is measured in that task's observed range, so every task counts alike. The set is built greedily: what a set
 * saves over the worst case, summed over the tasks, is a facility-location function (monotone submodular), for which
 * greedy comes within 1 - 1/e of the best set. Where the naive warm start runs the optima of a few tasks drawn at
 * random, this design covers the tasks: the second point serves the tasks the first serves worst.
 */
public final class LearnedDesign {
    private LearnedDesign() {}

    /** Up to {@code count} settings, in the order chosen; fewer if fewer sources qualify. */
    public static List<Map<String, Double>> greedy(List<SourceTask> sources, StudySpec spec, Surrogate surrogate, int count) {
        if (count < 0) throw new IllegalArgumentException("learned design: count must be >= 0, got " + count);
        String objective = spec.objective().outcome();
        double sign = spec.objective().direction() == Direction.MAXIMISE ? 1 : -1;
        List<SourceTask> usable = WarmStart.usable(sources, spec, "learned design");
        int tasks = usable.size(), width = spec.space().encodedWidth() - spec.space().context().size();
        List<double[]> candidates = new ArrayList<>();
        for (SourceTask s : usable) candidates.add(Arrays.copyOf(s.x()[WarmStart.bestRun(s, spec)], width));
        int m = candidates.size();
        double[][] regret = new double[m][tasks];
        for (int t = 0; t < tasks; t++) {
            SourceTask s = usable.get(t);
            double[] y = s.outcome(objective), w = new double[y.length];
            Arrays.fill(w, 1);
            Surrogate.Model model = surrogate.fit(objective, s.x(), y, w, 0);
            double[][] points = new double[m][];
            for (int c = 0; c < m; c++) {
                points[c] = Arrays.copyOf(candidates.get(c), spec.space().encodedWidth());
                System.arraycopy(s.x()[0], width, points[c], width, points[c].length - width); // the task's context
            }
            double[] mean = model.predict(points)[0];
            double best = Double.NEGATIVE_INFINITY, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double v : y) {
                best = Math.max(best, sign * v);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            for (double v : mean) best = Math.max(best, sign * v);
            double range = Math.max(hi - lo, 1e-12);
            for (int c = 0; c < m; c++) regret[c][t] = (best - sign * mean[c]) / range;
        }
        double[] covered = new double[tasks];
        Arrays.fill(covered, Double.POSITIVE_INFINITY);
        boolean[] taken = new boolean[m];
        List<Map<String, Double>> out = new ArrayList<>();
        for (int k = 0; k < Math.min(count, m); k++) {
            int pick = -1;
            double pickLoss = Double.POSITIVE_INFINITY;
            for (int c = 0; c < m; c++) {
                if (taken[c]) continue;
                double loss = 0;
                for (int t = 0; t < tasks; t++) loss += Math.min(covered[t], regret[c][t]);
                if (loss < pickLoss) {
                    pickLoss = loss;
                    pick = c;
                }
            }
            taken[pick] = true;
            for (int t = 0; t < tasks; t++) covered[t] = Math.min(covered[t], regret[pick][t]);
            out.add(spec.space().decode(candidates.get(pick)));
        }
        return out;
    }
}
