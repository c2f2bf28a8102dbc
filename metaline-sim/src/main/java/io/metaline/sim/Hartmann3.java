package io.metaline.sim;

/**
 * The three-dimensional Hartmann function on {@code [0, 1]³}:
 * {@code f = -sum_i alpha_i exp(-sum_j A_ij (x_j - P_ij)²)}, minimum {@code -3.86278} at
 * {@code (0.114614, 0.555649, 0.852547)} (Hartman 1973; Dixon and Szegö 1978). MetaBO family: {@code t} clipped to
 * {@code [-0.11, 0.88] x [-0.55, 0.44] x [-0.85, 0.14]}, value {@code -(f + 0.93) / 0.95}. See {@link MetaBoFamily}.
 */
public final class Hartmann3 extends MetaBoFamily {
    /** Registry name. */
    public static final String NAME = "hartmann3";

    private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] A = {{3.0, 10, 30}, {0.1, 10, 35}, {3.0, 10, 30}, {0.1, 10, 35}};
    private static final double[][] P = {
            {0.3689, 0.1170, 0.2673},
            {0.4699, 0.4387, 0.7470},
            {0.1091, 0.8732, 0.5547},
            {0.0381, 0.5743, 0.8828}};

    public Hartmann3() {
        super(NAME, new double[] {0, 0, 0}, new double[] {1, 1, 1}, new double[] {-0.11, -0.55, -0.85},
                new double[] {0.88, 0.44, 0.14}, new double[] {0.114614, 0.555649, 0.852547});
    }

    @Override
    public double raw(double[] x) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double e = 0;
            for (int j = 0; j < 3; j++) {
                double d = x[j] - P[i][j];
                e += A[i][j] * d * d;
            }
            sum += ALPHA[i] * Math.exp(-e);
        }
        return -sum;
    }

    @Override
    double normalise(double raw) {
        return -(raw + 0.93) / 0.95;
    }

    @Override
    public String describe() {
        return Describe.of(this, """
                Hartmann-3, MetaBO family (value, maximise).
                  f(x) = -sum_i alpha_i exp(-sum_j A_ij (x_j - P_ij)²),  x in [0,1]³, alpha = (1, 1.2, 3, 3.2)
                  min f = -3.86278 at (0.114614, 0.555649, 0.852547)
                  task: value = s * -(f(u - t) + 0.93) / 0.95
                  t ~ U[-0.1,0.1]³, clipped to [-0.11,0.88] x [-0.55,0.44] x [-0.85,0.14];  s ~ U[0.9,1.1]
                  optimum: x = (0.114614, 0.555649, 0.852547) + t, value = s (3.86278 - 0.93) / 0.95
                Sources: Volpp et al. 2020 (MetaBO); Hartman 1973; Dixon & Szegö 1978.""");
    }
}
