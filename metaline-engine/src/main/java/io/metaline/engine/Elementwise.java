package io.metaline.engine;

/**
 * Elementwise functions, each with its backward rule. Rules whose derivative is piecewise constant (relu, abs,
 * clamp) multiply by a constant mask, which is exact: their second derivative is zero almost everywhere.
 */
final class Elementwise {
    private Elementwise() {}

    static Tensor exp(Tensor a) {
        double[] x = a.data, r = new double[x.length];
        for (int i = 0; i < r.length; i++) r[i] = Math.exp(x[i]);
        return Tensor.result("exp", r, a.shape, (g, y, want) -> new Tensor[] {g.mul(y)}, a);
    }

    static Tensor log(Tensor a) {
        double[] x = a.data, r = new double[x.length];
        for (int i = 0; i < r.length; i++) r[i] = Math.log(x[i]);
        return Tensor.result("log", r, a.shape, (g, y, want) -> new Tensor[] {g.div(a)}, a);
    }

    static Tensor sqrt(Tensor a) {
        double[] x = a.data, r = new double[x.length];
        for (int i = 0; i < r.length; i++) r[i] = Math.sqrt(x[i]);
        return Tensor.result("sqrt", r, a.shape, (g, y, want) -> new Tensor[] {g.div(y).mul(0.5)}, a);
    }

    static Tensor pow(Tensor a, double p) {
        if (p == 1.0) return a;
        double[] x = a.data, r = new double[x.length];
        if (p == 2.0) {
            for (int i = 0; i < r.length; i++) r[i] = x[i] * x[i];
        } else {
            for (int i = 0; i < r.length; i++) r[i] = Math.pow(x[i], p);
        }
        return Tensor.result("pow", r, a.shape,
                (g, y, want) -> new Tensor[] {p == 2.0 ? g.mul(a).mul(2.0) : g.mul(pow(a, p - 1)).mul(p)}, a);
    }

    static Tensor abs(Tensor a) {
        double[] x = a.data, r = new double[x.length];
        for (int i = 0; i < r.length; i++) r[i] = Math.abs(x[i]);
        return Tensor.result("abs", r, a.shape, (g, y, want) -> new Tensor[] {g.mul(sign(a))}, a);
    }

    static Tensor tanh(Tensor a) {
        double[] x = a.data, r = new double[x.length];
        for (int i = 0; i < r.length; i++) r[i] = tanh(x[i]);
        // d tanh = 1 - y^2, written on y so that it differentiates again
        return Tensor.result("tanh", r, a.shape, (g, y, want) -> new Tensor[] {g.mul(y.square().rsub(1.0))}, a);
    }

    static Tensor sigmoid(Tensor a) {
        double[] x = a.data, r = new double[x.length];
        for (int i = 0; i < r.length; i++) r[i] = sigmoid(x[i]);
        return Tensor.result("sigmoid", r, a.shape, (g, y, want) -> new Tensor[] {g.mul(y.mul(y.rsub(1.0)))}, a);
    }

    static Tensor relu(Tensor a) {
        double[] x = a.data, r = new double[x.length];
        for (int i = 0; i < r.length; i++) r[i] = x[i] > 0 ? x[i] : 0.0;
        return Tensor.result("relu", r, a.shape, (g, y, want) -> new Tensor[] {g.mul(stepMask(a, 0.0))}, a);
    }

    static Tensor leakyRelu(Tensor a, double slope) {
        double[] x = a.data, r = new double[x.length];
        for (int i = 0; i < r.length; i++) r[i] = x[i] > 0 ? x[i] : slope * x[i];
        return Tensor.result("leakyRelu", r, a.shape, (g, y, want) -> new Tensor[] {g.mul(stepMask(a, slope))}, a);
    }

    static Tensor softplus(Tensor a) {
        double[] x = a.data, r = new double[x.length];
        for (int i = 0; i < r.length; i++) {
            double v = x[i];
            r[i] = Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v)));
        }
        return Tensor.result("softplus", r, a.shape, (g, y, want) -> new Tensor[] {g.mul(sigmoid(a))}, a);
    }

    static Tensor clamp(Tensor a, double lo, double hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("clamp: lower limit " + lo + " is above upper limit " + hi);
        double[] x = a.data, r = new double[x.length], inside = new double[x.length];
        for (int i = 0; i < r.length; i++) {
            double v = x[i];
            r[i] = v < lo ? lo : (v > hi ? hi : v);
            inside[i] = v >= lo && v <= hi ? 1.0 : 0.0;
        }
        Tensor mask = Tensor.wrap(inside, a.shape);
        return Tensor.result("clamp", r, a.shape, (g, y, want) -> new Tensor[] {g.mul(mask)}, a);
    }

    // ---------------------------------------------------------------- helpers

    /** 1 where x > 0, {@code below} elsewhere (a constant). */
    private static Tensor stepMask(Tensor a, double below) {
        double[] x = a.data, m = new double[x.length];
        for (int i = 0; i < m.length; i++) m[i] = x[i] > 0 ? 1.0 : below;
        return Tensor.wrap(m, a.shape);
    }

    private static Tensor sign(Tensor a) {
        double[] x = a.data, m = new double[x.length];
        for (int i = 0; i < m.length; i++) m[i] = Math.signum(x[i]);
        return Tensor.wrap(m, a.shape);
    }

    static double sigmoid(double v) {
        if (v >= 0) return 1.0 / (1.0 + Math.exp(-v));
        double e = Math.exp(v);
        return e / (1.0 + e);
    }

    /** tanh through one exp: faster than Math.tanh on JDK 17 and accurate to a few ulps. */
    static double tanh(double v) {
        if (v > 20) return 1.0;
        if (v < -20) return -1.0;
        double e = Math.expm1(2.0 * v);
        return e / (e + 2.0);
    }
}
