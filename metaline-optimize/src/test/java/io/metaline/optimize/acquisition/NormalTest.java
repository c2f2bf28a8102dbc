package io.metaline.optimize.acquisition;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reference values computed with mpmath at 40 digits. */
class NormalTest {
    private static void assertRel(double expected, double actual, double tol) {
        assertEquals(expected, actual, tol * Math.abs(expected), () -> "expected " + expected + " got " + actual);
    }

    @Test
    void cdfKnownValues() {
        assertEquals(0.5, Normal.cdf(0.0), 0.0);
        assertRel(0.97500210485177956379, Normal.cdf(1.96), 1e-15);
        assertRel(0.15865525393145705141, Normal.cdf(-1), 1e-14);
        assertRel(7.619853024160526066e-24, Normal.cdf(-10), 1e-13);
        assertRel(2.8665157187919391167e-7, Normal.cdf(-5), 1e-13);
        assertRel(0.99865010196836990547, Normal.cdf(3), 1e-15);
        assertEquals(0.0, Normal.cdf(-40), 0.0); // underflows; logCdf does not
    }

    @Test
    void logCdfKnownValuesIncludingFarTail() {
        assertRel(-804.60844201375378817, Normal.logCdf(-40), 1e-14);
        assertRel(-53.231285150512470578, Normal.logCdf(-10), 1e-14);
        assertRel(-15.064998393988725736, Normal.logCdf(-5), 1e-14);
        assertRel(-1.8410216450092635058, Normal.logCdf(-1), 1e-14);
        assertRel(-0.69314718055994530942, Normal.logCdf(0), 1e-15);
        assertRel(-0.025315649164282114853, Normal.logCdf(1.96), 1e-13);
        assertRel(-0.0013508099647481937988, Normal.logCdf(3), 1e-12);
        // Leading asymptotic term for huge |z|: log Phi(z) ~ -z^2/2 - log(-z) - log(2 pi)/2.
        double z = -1e4;
        assertRel(-0.5 * z * z - Math.log(-z) - Normal.HALF_LOG_2PI, Normal.logCdf(z), 1e-12);
    }

    @Test
    void logCdfIsMonotoneAndMatchesLogOfCdf() {
        double prev = Double.NEGATIVE_INFINITY;
        for (double z = -60; z <= 8; z += 0.01) {
            double l = Normal.logCdf(z);
            assertTrue(l > prev || l == 0.0, "not increasing at " + z);
            prev = l;
            if (z > -30 && z <= 0) assertRel(Math.log(Normal.cdf(z)), l, 1e-12);
            if (z > 0) assertRel(Math.log1p(-Normal.cdf(-z)), l, 1e-12);
        }
    }

    @Test
    void erfcAndErfcxKnownValues() {
        assertRel(16205.988853999586625, Normal.erfcx(-3), 1e-14);
        assertRel(1.9523604891825570933, Normal.erfcx(-0.5), 1e-15);
        assertRel(0.80901951990158073552, Normal.erfcx(0.2), 1e-15);
        assertRel(0.42758357615580700441, Normal.erfcx(1), 1e-15);
        assertRel(0.17900115118138995042, Normal.erfcx(3), 1e-15);
        assertRel(0.11070463773306862637, Normal.erfcx(5), 1e-15);
        assertRel(0.056140992743822585858, Normal.erfcx(10), 1e-15);
        assertRel(0.018795888861416751497, Normal.erfcx(30), 1e-15);
        assertRel(0.0056416137829894329036, Normal.erfcx(100), 1e-15);
        assertRel(5.6418958351954680777e-6, Normal.erfcx(1e5), 1e-15);
        assertRel(0.67137324054087258381, Normal.erfc(0.3), 1e-15);
        assertRel(0.15729920705028513066, Normal.erfc(1), 1e-15);
        assertRel(0.0046777349810472658379, Normal.erfc(2), 1e-14);
        assertRel(1.5374597944280348502e-12, Normal.erfc(5), 1e-14);
        assertRel(2.088487583762544757e-45, Normal.erfc(10), 1e-14);
        for (double x = -5; x <= 5; x += 0.1) {
            assertEquals(1.0, Normal.erf(x) + Normal.erfc(x), 1e-15);
            assertEquals(-Normal.erf(x), Normal.erf(-x), 0.0);
        }
    }

    @Test
    void pdf() {
        assertRel(0.3989422804014327, Normal.pdf(0), 1e-15);
        assertRel(0.24197072451914337, Normal.pdf(1), 1e-15);
        assertEquals(Math.log(Normal.pdf(2.5)), Normal.logPdf(2.5), 1e-14);
    }
}
