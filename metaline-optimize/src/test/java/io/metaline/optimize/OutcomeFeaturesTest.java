package io.metaline.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.optimize.acquisition.Normal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeFeaturesTest {
    /** A dimension within [-0.2, 0.2] and a force of at most 80: the dimension's two limits, then the force's. */
    private static final List<OutcomeConstraint> LIMITS = List.of(OutcomeConstraint.softMin("dimension", -0.2),
            OutcomeConstraint.softMax("dimension", 0.2), OutcomeConstraint.hardMax("force", 80));

    @Test
    void theOutcomesAreScaledOverTheHistorysRangeAndEachLimitGetsASoftIndicator() {
        Map<String, double[]> history = Map.of("dimension", new double[] {-1, 0.5, 1}, "force", new double[] {40, 100, 60});
        OutcomeFeatures f = OutcomeFeatures.over(LIMITS, history::get);
        assertEquals(List.of("dimension", "force"), f.outcomes());
        assertArrayEquals(new double[] {-1, 40}, f.lower(), 0);
        assertArrayEquals(new double[] {2, 60}, f.span(), 0);
        assertEquals(2 + 3, f.width());

        double[][] points = {{0.3}, {0.7}};
        // Point 0: dimension 0 (inside both limits by 0.2 = a whole soft step of 0.1 * 2), force 80 (at its limit).
        // Point 1: dimension 0.4 (0.2 above its upper limit), force 98 (18 over, 18 / (0.1 * 60) = 3 soft steps).
        double[][] widened = f.append(points, new double[][] {{0, 0.4}, {80, 98}});
        double step = Normal.cdf(1);
        assertArrayEquals(new double[] {0.3, 0.5, 2 / 3.0, step, step, 0.5}, widened[0], 1e-12);
        assertArrayEquals(new double[] {0.7, 0.7, 58 / 60.0, Normal.cdf(3), Normal.cdf(-1), Normal.cdf(-3)}, widened[1], 1e-12);
        assertEquals(1, points[0].length, "the points themselves are left alone");
    }

    @Test
    void anOutcomeThatNeverVariedIsScaledByOneAndBadDeclarationsAreNamed() {
        OutcomeFeatures f = OutcomeFeatures.over(List.of(OutcomeConstraint.softMax("force", 80)), name -> new double[] {70, 70});
        assertArrayEquals(new double[] {1}, f.span(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OutcomeFeatures(List.of("force"), new double[] {0}, new double[] {1}, List.of(OutcomeConstraint.softMax("dimension", 1))));
        assertTrue(e.getMessage().contains("'dimension'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new OutcomeFeatures(List.of("force"), new double[] {0}, new double[] {0}, List.of()));
        assertTrue(e.getMessage().contains("positive span"), e.getMessage());
    }
}
