package io.metaline.optimize.acquisition;

/**
 * The standard normal distribution and the error functions, accurate to about double precision over the whole real
 * line, including the far tails that acquisition functions reach.
 *
 * <p>{@link #erfc} and {@link #erfcx} follow W. J. Cody, "Rational Chebyshev approximations for the error function",
 * Math. Comp. 23 (1969) 631-637, as implemented in Cody's CALERF (Netlib SPECFUN, 1990): three rational
 * approximations on {@code |x| <= 0.46875}, {@code <= 4} and {@code > 4}, with the {@code exp(-x^2)} factor split in
 * two to keep full relative accuracy. {@link #logCdf} uses {@code Phi(z) = erfcx(-z/sqrt2) exp(-z^2/2) / 2} for
 * {@code z < 0}, so it stays accurate where {@code Phi} itself underflows (for example {@code log Phi(-40) =
 * -804.608...}, while {@code Phi(-40) ~ 3.7e-350} is below the smallest double).
 */
public final class Normal {
    /** {@code 1/sqrt(2 pi)}. */
    public static final double INV_SQRT_2PI = 0.3989422804014326779399460599343818684759;
    /** {@code log(2 pi)/2}. */
    public static final double HALF_LOG_2PI = 0.9189385332046727417803297364056176398614;
    private static final double INV_SQRT2 = 0.7071067811865475244008443621048490392848;
    private static final double INV_SQRT_PI = 0.5641895835477562869480794515607725858440;

    // Cody (1969), coefficients as published in CALERF.
    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
            3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
            2.84423683343917062e03};
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
            2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
            1.23033935479799725e03, 2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
            1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
            1.23033935480374942e03};
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
            1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
            6.05183413124413191e-2, 2.33520497626869185e-3};
    private static final double THRESH = 0.46875;
    private static final double XNEG = -26.628; // erfcx(x) overflows below this
    private static final double XBIG = 26.543;  // erfc(x) underflows above this
    private static final double XHUGE = 6.71e7; // erfcx(x) = 1/(x sqrt(pi)) to double precision above this

    private Normal() {
    }

    /** The density {@code phi(z) = exp(-z^2/2) / sqrt(2 pi)}. */
    public static double pdf(double z) {
        return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }

    /** {@code log phi(z)}, finite for every finite z. */
    public static double logPdf(double z) {
        return -0.5 * z * z - HALF_LOG_2PI;
    }

    /** The distribution function {@code Phi(z) = P[Z <= z]}, with full relative accuracy in the lower tail. */
    public static double cdf(double z) {
        if (Double.isNaN(z)) return Double.NaN;
        if (z < 0) return 0.5 * erfc(-z * INV_SQRT2);
        return 1.0 - 0.5 * erfc(z * INV_SQRT2);
    }

    /**
     * {@code log Phi(z)}, stable for very negative z (computed as {@code log(erfcx(-z/sqrt2)/2) - z^2/2}, so no
     * underflow) and for large positive z (as {@code log1p(-erfc(z/sqrt2)/2)}).
     */
    public static double logCdf(double z) {
        if (Double.isNaN(z)) return Double.NaN;
        if (z < 0) return Math.log(0.5 * erfcx(-z * INV_SQRT2)) - 0.5 * z * z;
        return Math.log1p(-0.5 * erfc(z * INV_SQRT2));
    }

    /** The error function {@code erf(x)}. */
    public static double erf(double x) {
        if (Double.isNaN(x)) return Double.NaN;
        double y = Math.abs(x);
        if (y <= THRESH) return erfSmall(x);
        double r = 1.0 - erfc(y);
        return x < 0 ? -r : r;
    }

    /** The complementary error function {@code erfc(x) = 1 - erf(x)}, with full relative accuracy for large x. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return Double.NaN;
        double y = Math.abs(x);
        double result;
        if (y <= THRESH) {
            return 1.0 - erfSmall(x);
        } else if (y <= 4.0) {
            result = expMinusSquare(y) * middle(y);
        } else if (y >= XBIG) {
            result = 0.0;
        } else {
            result = expMinusSquare(y) * tail(y);
        }
        return x < 0 ? 2.0 - result : result;
    }

    /**
     * The scaled complementary error function {@code erfcx(x) = exp(x^2) erfc(x)}, which behaves like
     * {@code 1/(x sqrt(pi))} for large positive x instead of underflowing. Overflows to +infinity below about
     * {@code -26.6}.
     */
    public static double erfcx(double x) {
        if (Double.isNaN(x)) return Double.NaN;
        double y = Math.abs(x);
        double result;
        if (y <= THRESH) {
            double ysq = y * y;
            return Math.exp(ysq) * (1.0 - erfSmall(x));
        } else if (y <= 4.0) {
            result = middle(y);
        } else if (y >= XHUGE) {
            result = INV_SQRT_PI / y; // also right (0) for y = +infinity
        } else {
            result = tail(y);
        }
        if (x < 0) {
            if (x < XNEG) return Double.POSITIVE_INFINITY;
            double ysq = Math.floor(-x * 16.0) / 16.0; // exp(x^2) split for accuracy, as in CALERF
            double del = (-x - ysq) * (-x + ysq);
            double e = Math.exp(ysq * ysq) * Math.exp(del);
            result = (e + e) - result;
        }
        return result;
    }

    private static double erfSmall(double x) {
        double y = Math.abs(x);
        double ysq = y > 1.11e-16 ? y * y : 0.0;
        double num = A[4] * ysq;
        double den = ysq;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return x * (num + A[3]) / (den + B[3]);
    }

    /** erfcx(y) for 0.46875 < y <= 4. */
    private static double middle(double y) {
        double num = C[8] * y;
        double den = y;
        for (int i = 0; i < 7; i++) {
            num = (num + C[i]) * y;
            den = (den + D[i]) * y;
        }
        return (num + C[7]) / (den + D[7]);
    }

    /** erfcx(y) for 4 < y < XHUGE. */
    private static double tail(double y) {
        double ysq = 1.0 / (y * y);
        double num = P[5] * ysq;
        double den = ysq;
        for (int i = 0; i < 4; i++) {
            num = (num + P[i]) * ysq;
            den = (den + Q[i]) * ysq;
        }
        double r = ysq * (num + P[4]) / (den + Q[4]);
        return (INV_SQRT_PI - r) / y;
    }

    /** exp(-y^2) with y^2 split into a 1/16-grid part and a remainder, so the result keeps full relative accuracy. */
    private static double expMinusSquare(double y) {
        double ysq = Math.floor(y * 16.0) / 16.0;
        double del = (y - ysq) * (y + ysq);
        return Math.exp(-ysq * ysq) * Math.exp(-del);
    }
}
