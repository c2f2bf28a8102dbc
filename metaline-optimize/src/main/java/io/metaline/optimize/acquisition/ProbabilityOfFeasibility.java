package io.metaline.optimize.acquisition;

import io.metaline.optimize.gp.GaussianProcess;
import io.metaline.optimize.gp.Prediction;

import java.util.List;

/**
 * Probability that outcome constraints {@code c_j(x) <= limit_j} all hold, with an independent GP per constraint
 * (Schonlau, Welch and Jones 1998; Gardner et al., "Bayesian optimization with inequality constraints", ICML 2014):
 * {@code P = prod_j Phi((limit_j - mu_j(x)) / sigma_j(x))}, computed in log form as
 * {@code sum_j log Phi(...)} with {@link Normal#logCdf} so that very unlikely points keep a finite, ordered score.
 * Add it to log EI ({@link ExpectedImprovement#logValues(GaussianProcess, double[][], ProbabilityOfFeasibility)}).
 * For a lower limit {@code c >= a}, model {@code -c} with limit {@code -a}. Uses the latent (noise-free) constraint
 * posteriors; with zero posterior variance the probability is 1 or 0. Immutable.
 */
public final class ProbabilityOfFeasibility {
    private final List<GaussianProcess> constraints;
    private final double[] limits;

    /**
     * @param constraints one GP per constraint, all with the same input dimension
     * @param limits      the upper limit of each constraint, same count
     */
    public ProbabilityOfFeasibility(List<GaussianProcess> constraints, double[] limits) {
        if (constraints.size() != limits.length) {
            throw new IllegalArgumentException("ProbabilityOfFeasibility: " + constraints.size()
                    + " constraint models but " + limits.length + " limits");
        }
        for (int j = 0; j < limits.length; j++) {
            if (Double.isNaN(limits[j])) throw new IllegalArgumentException("ProbabilityOfFeasibility: limit " + j + " is NaN");
            if (j > 0 && constraints.get(j).dimension() != constraints.get(0).dimension()) {
                throw new IllegalArgumentException("ProbabilityOfFeasibility: constraint " + j + " has dimension "
                        + constraints.get(j).dimension() + " but constraint 0 has dimension " + constraints.get(0).dimension());
            }
        }
        this.constraints = List.copyOf(constraints);
        this.limits = limits.clone();
    }

    /** {@code log P[c <= limit]} for {@code c ~ N(mean, sd^2)}. */
    public static double logProbability(double mean, double sd, double limit) {
        if (!(sd > 0)) return mean <= limit ? 0.0 : Double.NEGATIVE_INFINITY;
        return Normal.logCdf((limit - mean) / sd);
    }

    /** {@code sum_j log P[c_j(x) <= limit_j]} at each point. */
    public double[] logValues(double[][] points) {
        double[] out = new double[points.length];
        for (int j = 0; j < limits.length; j++) {
            Prediction p = constraints.get(j).predict(points);
            for (int i = 0; i < points.length; i++) out[i] += logProbability(p.mean()[i], p.sd(i), limits[j]);
        }
        return out;
    }

    /** The probability that all constraints hold, at each point. */
    public double[] values(double[][] points) {
        double[] out = logValues(points);
        for (int i = 0; i < out.length; i++) out[i] = Math.exp(out[i]);
        return out;
    }

    public int size() {
        return limits.length;
    }
}
