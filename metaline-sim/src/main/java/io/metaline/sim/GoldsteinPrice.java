package io.metaline.sim;

/**
 * The Goldstein-Price function on {@code [-2, 2]²}:
 * {@code f = [1 + (x1 + x2 + 1)² (19 - 14 x1 + 3 x1² - 14 x2 + 6 x1 x2 + 3 x2²)]
 * [30 + (2 x1 - 3 x2)² (18 - 32 x1 + 12 x1² + 48 x2 - 36 x1 x2 + 27 x2²)]}, minimum {@code 3} at {@code (0, -1)}
 * (Goldstein and Price 1971). MetaBO family: {@code t} clipped to {@code [-0.5, 0.5] x [-0.25, 0.75]}, value
 * {@code -(ln f - 8.693) / 2.427}. See {@link MetaBoFamily}.
 */
public final class GoldsteinPrice extends MetaBoFamily {
    /** Registry name. */
    public static final String NAME = "goldstein_price";

    public GoldsteinPrice() {
        super(NAME, new double[] {-2, -2}, new double[] {2, 2}, new double[] {-0.5, -0.25}, new double[] {0.5, 0.75},
                new double[] {0, -1});
    }

    @Override
    public double raw(double[] x) {
        double x1 = x[0];
        double x2 = x[1];
        double a = x1 + x2 + 1;
        double b = 2 * x1 - 3 * x2;
        double first = 1 + a * a * (19 - 14 * x1 + 3 * x1 * x1 - 14 * x2 + 6 * x1 * x2 + 3 * x2 * x2);
        double second = 30 + b * b * (18 - 32 * x1 + 12 * x1 * x1 + 48 * x2 - 36 * x1 * x2 + 27 * x2 * x2);
        return first * second;
    }

    @Override
    double normalise(double raw) {
        return -(Math.log(raw) - 8.693) / 2.427;
    }

    @Override
    public String describe() {
        return Describe.of(this, """
                Goldstein-Price, MetaBO family (value, maximise).
                  f(x) = [1 + (x1+x2+1)² (19 - 14x1 + 3x1² - 14x2 + 6x1x2 + 3x2²)]
                         [30 + (2x1-3x2)² (18 - 32x1 + 12x1² + 48x2 - 36x1x2 + 27x2²)],  x in [-2,2]²
                  min f = 3 at (0, -1)
                  task: value = s * -(ln f(lo + (hi-lo)(u - t)) - 8.693) / 2.427,  u = (x - lo)/(hi - lo)
                  t ~ U[-0.1,0.1]², clipped to [-0.5,0.5] x [-0.25,0.75];  s ~ U[0.9,1.1]
                  optimum: x = (0, -1) + 4 t, value = s (8.693 - ln 3) / 2.427
                Sources: Volpp et al. 2020 (MetaBO); Goldstein & Price 1971.""");
    }
}
