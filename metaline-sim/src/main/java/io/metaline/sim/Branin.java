package io.metaline.sim;

/**
 * The Branin (Branin-Hoo) function on {@code x1 in [-5, 10], x2 in [0, 15]}:
 * {@code f = (x2 - 5.1 x1² / (4 pi²) + 5 x1 / pi - 6)² + 10 (1 - 1 / (8 pi)) cos x1 + 10}, minimum
 * {@code 0.397887} at {@code (-pi, 12.275)}, {@code (pi, 2.275)} and {@code (9.42478, 2.475)} (Dixon and Szegö 1978;
 * Surjanovic and Bingham's library of test functions). MetaBO family: {@code t} clipped to
 * {@code [-0.12, 0.87] x [-0.81, 0.18]}, value {@code -(f - 54.44) / 51.44}; the reference optimum is the upper-left
 * one, {@code (-pi, 12.275)}, which the clip range keeps inside. See {@link MetaBoFamily}.
 */
public final class Branin extends MetaBoFamily {
    /** Registry name. */
    public static final String NAME = "branin";

    public Branin() {
        super(NAME, new double[] {-5, 0}, new double[] {10, 15}, new double[] {-0.12, -0.81},
                new double[] {0.87, 0.18}, new double[] {-Math.PI, 12.275});
    }

    @Override
    public double raw(double[] x) {
        double x1 = x[0];
        double x2 = x[1];
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double q = x2 - b * x1 * x1 + c * x1 - 6;
        return q * q + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
    }

    @Override
    double normalise(double raw) {
        return -(raw - 54.44) / 51.44;
    }

    @Override
    public String describe() {
        return Describe.of(this, """
                Branin, MetaBO family (value, maximise).
                  f(x) = (x2 - 5.1 x1²/(4 pi²) + 5 x1/pi - 6)² + 10 (1 - 1/(8 pi)) cos x1 + 10,  x1 in [-5,10], x2 in [0,15]
                  min f = 0.397887 at (-pi, 12.275), (pi, 2.275), (9.42478, 2.475)
                  task: value = s * -(f(lo + (hi-lo)(u - t)) - 54.44) / 51.44,  u = (x - lo)/(hi - lo)
                  t ~ U[-0.1,0.1]², clipped to [-0.12,0.87] x [-0.81,0.18];  s ~ U[0.9,1.1]
                  optimum: x = (-pi, 12.275) + 15 t, value = s (54.44 - 0.397887) / 51.44
                Sources: Volpp et al. 2020 (MetaBO); Dixon & Szegö 1978.""");
    }
}
