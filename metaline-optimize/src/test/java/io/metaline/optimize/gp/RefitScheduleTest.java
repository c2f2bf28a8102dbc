package io.metaline.optimize.gp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefitScheduleTest {
    @Test
    void everyCountUpToTenThenAtEveryQuarterMore() {
        RefitSchedule s = RefitSchedule.DEFAULT;
        for (int n = 0; n <= 10; n++) assertEquals(n, s.fitSize(n), "n = " + n);
        List<Integer> grid = new ArrayList<>();
        for (int n = 11; n <= 120; n++) if (s.fitSize(n) == n) grid.add(n);
        // 10 * 1.25 = 12.5 -> 13, 16.25 -> 17, 21.25 -> 22, 27.5 -> 28, 35, 43.75 -> 44, 55, 68.75 -> 69, 86.25 -> 87, 108.75 -> 109
        assertEquals(List.of(13, 17, 22, 28, 35, 44, 55, 69, 87, 109), grid);
    }

    @Test
    void betweenGridPointsTheLastGridPointHolds() {
        RefitSchedule s = RefitSchedule.DEFAULT;
        assertEquals(10, s.fitSize(11));
        assertEquals(10, s.fitSize(12));
        assertEquals(13, s.fitSize(13));
        assertEquals(13, s.fitSize(16));
        assertEquals(87, s.fitSize(100));
        assertEquals(87, s.fitSize(108));
        assertEquals(109, s.fitSize(109));
    }

    @Test
    void fitSizeIsMonotoneAndNeverAboveTheCountNorBelowItsShare() {
        for (RefitSchedule s : List.of(RefitSchedule.DEFAULT, new RefitSchedule(1, 1.01), new RefitSchedule(3, 2.0))) {
            int previous = 0;
            for (int n = 0; n <= 2000; n++) {
                int m = s.fitSize(n);
                assertTrue(m <= n && m >= previous, s + " at " + n + ": " + m);
                // the data fitted on are at least 1/growth of all (up to the rounding to a whole count)
                assertTrue(n <= s.everyUpTo() || m * s.growth() + 1 > n, s + " at " + n + ": " + m);
                previous = m;
            }
        }
    }

    @Test
    void everyCountRefitsAtEachCount() {
        for (int n = 0; n <= 500; n++) assertEquals(n, RefitSchedule.EVERY_COUNT.fitSize(n));
    }

    @Test
    void refusesDegenerateSchedules() {
        assertThrows(IllegalArgumentException.class, () -> new RefitSchedule(0, 1.25));
        assertThrows(IllegalArgumentException.class, () -> new RefitSchedule(10, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new RefitSchedule(10, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> RefitSchedule.DEFAULT.fitSize(-1));
    }
}
