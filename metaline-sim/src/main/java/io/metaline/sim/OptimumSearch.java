package io.metaline.sim;

import io.metaline.engine.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the best feasible settings of a task on its noise-free model, for the benchmark's ground truth.
 *
 * <p>Method: a dense uniform random sample of the box (categorical levels drawn uniformly), keeping the best feasible
 * points (overall, and the best per combination of categorical levels, plus the family's default when feasible);
 * then from each, a mesh-adaptive direct search in the unit-scaled continuous coordinates (Audet and Dennis 2006:
 * poll the coordinate directions and as many random unit directions, both signs; expand the step after a success,
 * halve it after a failure, stop below {@code minStep}). Infeasible points are rejected outright (extreme barrier), and
 * the random directions let the search slide along a curved constraint boundary, where a pure coordinate search stalls.
 * Categorical values stay fixed during a local search. Deterministic: the generator is seeded from {@code seed} and
 * the task id.
 *
 * @param samples  random points in the initial sample
 * @param starts   local searches started from the best sampled points
 * @param minStep  final step, in unit-scaled coordinates
 * @param maxPolls cap on poll rounds per local search
 * @param seed     seed of the search's own generator
 */
record OptimumSearch(int samples, int starts, double minStep, int maxPolls, long seed) {

    /** What {@link ProcessTask#optimum()} uses. */
    static final OptimumSearch DEFAULT = new OptimumSearch(8_000, 8, 1e-7, 4_000, 0x5eed0f0b71L);

    OptimumSearch {
        if (samples < 1 || starts < 1 || !(minStep > 0) || maxPolls < 1) {
            throw new IllegalArgumentException("OptimumSearch: need samples, starts, maxPolls >= 1 and minStep > 0");
        }
    }

    private record Point(double[] x, double score) {
    }

    Optimum find(AbstractProcessTask task) {
        ProcessFamily family = task.family();
        List<Parameter> params = family.parameters();
        int dim = params.size();
        int objective = family.outcomes().indexOf(family.objectiveOutcome());
        double sign = family.objectiveOutcome().sign();
        int[] free = java.util.stream.IntStream.range(0, dim)
                .filter(i -> params.get(i).kind() != Parameter.Kind.CATEGORICAL).toArray();
        Rng rng = new Rng(seed ^ (long) task.id().hashCode() * 0x9e3779b97f4a7c15L);

        List<Point> sample = new ArrayList<>();
        Map<String, Point> bestPerLevels = new HashMap<>();
        double[] def = params.stream().mapToDouble(Parameter::defaultValue).toArray();
        double defScore = score(task, def, objective, sign);
        if (!Double.isNaN(defScore)) sample.add(new Point(def, defScore));
        for (int s = 0; s < samples; s++) {
            double[] x = new double[dim];
            for (int i = 0; i < dim; i++) {
                Parameter p = params.get(i);
                x[i] = p.kind() == Parameter.Kind.CATEGORICAL ? rng.nextInt(p.levels().size())
                        : p.nearest(p.lower() + p.range() * rng.nextDouble());
            }
            double sc = score(task, x, objective, sign);
            if (Double.isNaN(sc)) continue;
            Point pt = new Point(x, sc);
            sample.add(pt);
            bestPerLevels.merge(levelsKey(params, x), pt, (a, b) -> a.score >= b.score ? a : b);
        }
        if (sample.isEmpty()) {
            throw new IllegalStateException(task.id() + ": no feasible settings among " + samples
                    + " random samples; the task's constraints leave (almost) no room");
        }
        sample.sort(Comparator.comparingDouble(Point::score).reversed());
        List<Point> seeds = new ArrayList<>(sample.subList(0, Math.min(starts, sample.size())));
        for (Point p : bestPerLevels.values()) if (!seeds.contains(p)) seeds.add(p);
        seeds.sort(Comparator.comparingDouble(Point::score).reversed());

        Point best = seeds.get(0);
        for (Point start : seeds) {
            Point local = localSearch(task, start, free, objective, sign, rng);
            if (local.score > best.score) best = local;
        }
        double[] y = task.model(best.x);
        return new Optimum(Settings.toMap(params, best.x), y[objective], Settings.outcomeMap(family.outcomes(), y));
    }

    private Point localSearch(AbstractProcessTask task, Point start, int[] free, int objective, double sign, Rng rng) {
        List<Parameter> params = task.family().parameters();
        int n = free.length;
        if (n == 0) return start;
        double[] u = new double[n];
        for (int k = 0; k < n; k++) {
            Parameter p = params.get(free[k]);
            u[k] = (start.x[free[k]] - p.lower()) / p.range();
        }
        Point best = start;
        double step = 0.05;
        double[] dir = new double[n];
        for (int poll = 0; poll < maxPolls && step >= minStep; poll++) {
            boolean improved = false;
            for (int d = 0; d < 4 * n && !improved; d++) {
                int which = d / 2;
                double signOfMove = (d % 2 == 0) ? 1 : -1;
                if (which < n) {
                    Arrays.fill(dir, 0);
                    dir[which] = signOfMove;
                } else if (d % 2 == 0) {
                    double norm = 0;
                    for (int k = 0; k < n; k++) {
                        dir[k] = rng.nextGaussian();
                        norm += dir[k] * dir[k];
                    }
                    norm = Math.sqrt(norm);
                    for (int k = 0; k < n; k++) dir[k] /= norm;
                } else {
                    for (int k = 0; k < n; k++) dir[k] = -dir[k];
                }
                double[] cu = new double[n];
                double[] x = best.x.clone();
                for (int k = 0; k < n; k++) {
                    cu[k] = Math.max(0, Math.min(1, u[k] + step * dir[k]));
                    Parameter p = params.get(free[k]);
                    x[free[k]] = p.nearest(p.lower() + p.range() * cu[k]);
                }
                double sc = score(task, x, objective, sign);
                if (!Double.isNaN(sc) && sc > best.score) {
                    best = new Point(x, sc);
                    u = cu;
                    improved = true;
                }
            }
            step = improved ? Math.min(0.2, step * 2) : step * 0.5;
        }
        return best;
    }

    /** The signed objective (larger is better), or NaN when infeasible or not finite. */
    private static double score(AbstractProcessTask task, double[] x, int objective, double sign) {
        double[] y = task.model(x);
        if (task.violates(y, false) || !Double.isFinite(y[objective])) return Double.NaN;
        return sign * y[objective];
    }

    private static String levelsKey(List<Parameter> params, double[] x) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            if (params.get(i).kind() == Parameter.Kind.CATEGORICAL) sb.append((int) x[i]).append(',');
        }
        return sb.toString();
    }
}
