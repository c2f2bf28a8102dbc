package io.metaline.optimize.acquisition;

import io.metaline.optimize.gp.GaussianProcess;
import io.metaline.optimize.gp.Prediction;

/**
 * Expected improvement over an incumbent (Jones, Schonlau and Welch, "Efficient global optimization of expensive
 * black-box functions", J. Global Optim. 13, 1998), with the numerically safe logarithm of Ament, Daulton, Eriksson,
 * Balandat and Bakshy, "Unexpected improvements to expected improvement for Bayesian optimization", NeurIPS 2023.
 *
 * <p>For a Gaussian posterior with mean mu and standard deviation sigma, and incumbent {@code best},
 * {@code EI = sigma h(z)} with {@code h(z) = phi(z) + z Phi(z)}, {@code z = (mu - best - margin) / sigma} when
 * maximising and {@code z = (best - mu - margin) / sigma} when minimising. Plain EI underflows to 0 for z below about
 * -38, leaving an optimiser no gradient to follow; {@link #logH} stays finite and monotone for all finite z:
 * <ul>
 *   <li>{@code z > -1}: {@code log(phi(z) + z Phi(z))} directly;</li>
 *   <li>{@code -100 < z <= -1}: {@code -z^2/2 - log(2 pi)/2 + log1mexp(log(|z| erfcx(-z/sqrt2)) + log(pi/2)/2)}
 *   (Ament et al. eq. 9, using {@code Phi(z)/phi(z) = sqrt(pi/2) erfcx(-z/sqrt2)}, the Mills ratio);</li>
 *   <li>{@code z <= -100}: the asymptotic series {@code h(z)/phi(z) = z^-2 - 3 z^-4 + 15 z^-6 - 105 z^-8 + 945 z^-10}
 *   (relative error below 1e-13 there). Ament et al. switch to the leading term only at {@code -1/sqrt(eps)}; the
 *   series avoids the cancellation in {@code 1 - |z| Mills(|z|)} for moderately large |z|.</li>
 * </ul>
 *
 * <p>When sigma is 0 the improvement is deterministic: {@code EI = max(improvement, 0)}. The latent (noise-free)
 * posterior variance is used. Instances are immutable.
 */
public final class ExpectedImprovement {
    private static final double HALF_LOG_PI_OVER_2 = 0.5 * Math.log(Math.PI / 2);
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);

    private final double incumbent;
    private final Direction direction;
    private final double margin;

    /** EI over {@code incumbent} (typically the best observed or best posterior-mean value) with no margin. */
    public ExpectedImprovement(double incumbent, Direction direction) {
        this(incumbent, direction, 0.0);
    }

    /**
     * @param margin a non-negative required improvement xi (more exploration when larger), in output units
     */
    public ExpectedImprovement(double incumbent, Direction direction, double margin) {
        if (!Double.isFinite(incumbent)) throw new IllegalArgumentException("ExpectedImprovement: incumbent is " + incumbent);
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("ExpectedImprovement: margin must be finite and >= 0, got " + margin);
        }
        this.incumbent = incumbent;
        this.direction = direction;
        this.margin = margin;
    }

    public double incumbent() {
        return incumbent;
    }

    public Direction direction() {
        return direction;
    }

    /** {@code h(z) = phi(z) + z Phi(z)} (underflows to 0 for z below about -38). */
    public static double h(double z) {
        return Normal.pdf(z) + z * Normal.cdf(z);
    }

    /** {@code log h(z)}, finite and increasing for every finite z (see the class comment for the branches). */
    public static double logH(double z) {
        if (Double.isNaN(z)) return Double.NaN;
        if (z > -1) return Math.log(h(z));
        if (z > -100) {
            double a = Math.log(-z * Normal.erfcx(-z * INV_SQRT2)) + HALF_LOG_PI_OVER_2;
            return -0.5 * z * z - Normal.HALF_LOG_2PI + log1mexp(a);
        }
        if (z == Double.NEGATIVE_INFINITY) return Double.NEGATIVE_INFINITY;
        double w = 1.0 / (z * z);
        double series = w * (1 + w * (-3 + w * (15 + w * (-105 + w * 945))));
        return -0.5 * z * z - Normal.HALF_LOG_2PI + Math.log(series);
    }

    /** {@code log(1 - e^a)} for {@code a < 0} (Mächler, "Accurately computing log(1 - exp(-|a|))", 2012). */
    static double log1mexp(double a) {
        return a > -0.6931471805599453 ? Math.log(-Math.expm1(a)) : Math.log1p(-Math.exp(a));
    }

    /** Expected improvement of a N(mean, sd^2) outcome over {@code incumbent}. */
    public static double expectedImprovement(double mean, double sd, double incumbent, Direction direction) {
        double gain = direction == Direction.MAXIMISE ? mean - incumbent : incumbent - mean;
        if (!(sd > 0)) return Math.max(gain, 0.0);
        return sd * h(gain / sd);
    }

    /** {@code log EI}, finite wherever sd > 0 (−infinity only for sd = 0 with no improvement). */
    public static double logExpectedImprovement(double mean, double sd, double incumbent, Direction direction) {
        double gain = direction == Direction.MAXIMISE ? mean - incumbent : incumbent - mean;
        if (!(sd > 0)) return gain > 0 ? Math.log(gain) : Double.NEGATIVE_INFINITY;
        return Math.log(sd) + logH(gain / sd);
    }

    /** EI at each point. */
    public double[] values(GaussianProcess gp, double[][] points) {
        Prediction p = gp.predict(points);
        double[] out = new double[points.length];
        for (int i = 0; i < out.length; i++) out[i] = expectedImprovement(p.mean()[i], p.sd(i), threshold(), direction);
        return out;
    }

    /** log EI at each point. */
    public double[] logValues(GaussianProcess gp, double[][] points) {
        Prediction p = gp.predict(points);
        double[] out = new double[points.length];
        for (int i = 0; i < out.length; i++) out[i] = logExpectedImprovement(p.mean()[i], p.sd(i), threshold(), direction);
        return out;
    }

    /**
     * Constrained log EI: {@code log EI(x) + log P[feasible(x)]} (Gardner et al., "Bayesian optimization with
     * inequality constraints", ICML 2014; Gelbart, Snoek and Adams, UAI 2014), i.e. EI times the probability of
     * feasibility, added in log space so that neither factor underflows.
     */
    public double[] logValues(GaussianProcess gp, double[][] points, ProbabilityOfFeasibility feasibility) {
        double[] out = logValues(gp, points);
        double[] lp = feasibility.logValues(points);
        for (int i = 0; i < out.length; i++) out[i] += lp[i];
        return out;
    }

    /** The incumbent shifted by the margin in the direction of improvement. */
    private double threshold() {
        return direction == Direction.MAXIMISE ? incumbent + margin : incumbent - margin;
    }
}
