package io.metaline.optimize;

/**
 * The even mixture of two models of one outcome: the mean and standard deviation of a prediction that is either
 * model's with probability one half (a model average with equal weights). Where the two agree it is either; where
 * they disagree its spread covers both, which is what safe mode needs when neither model is to be trusted alone.
 */
public record EvenMixture(Surrogate.Model a, Surrogate.Model b) implements Surrogate.Model {
    @Override
    public double[][] predict(double[][] points) {
        double[][] p = a.predict(points), q = b.predict(points);
        double[] mean = new double[points.length], sd = new double[points.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (p[0][i] + q[0][i]) / 2;
            double half = (p[0][i] - q[0][i]) / 2;
            sd[i] = Math.sqrt((p[1][i] * p[1][i] + q[1][i] * q[1][i]) / 2 + half * half);
        }
        return new double[][] {mean, sd};
    }

    @Override
    public Surrogate.Model condition(double[] x, double y) {
        return new EvenMixture(a.condition(x, y), b.condition(x, y));
    }
}
