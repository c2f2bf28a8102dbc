package io.metaline.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import org.junit.jupiter.api.Test;

class GradClipTest {
    static Params grads(double[] a, double[] b) {
        return Params.builder().put("a", Tensor.vector(a)).put("b", Tensor.of(b, 1, b.length)).build();
    }

    @Test
    void clipsByGlobalNormAndReportsThePreClipNorm() {
        Params g = grads(new double[] {3, 0}, new double[] {4});
        GradClip.Clipped c = GradClip.byGlobalNorm(g, 1.0);
        assertEquals(5.0, c.preClipNorm());
        assertTrue(c.clipped());
        double scale = 1.0 / (5.0 + 1e-6);
        assertEquals(scale, c.scale());
        assertArrayEquals(new double[] {3 * scale, 0}, c.grads().get("a").toArray());
        assertArrayEquals(new double[] {4 * scale}, c.grads().get("b").toArray());
        assertArrayEquals(new int[] {1, 1}, c.grads().get("b").shape());
        assertEquals(1.0, GradClip.globalNorm(c.grads()), 1e-6);
        assertArrayEquals(new double[] {3, 0}, g.get("a").toArray()); // input untouched
    }

    @Test
    void smallGradientsAreReturnedUnchanged() {
        Params g = grads(new double[] {3, 0}, new double[] {4});
        GradClip.Clipped c = GradClip.byGlobalNorm(g, 10);
        assertSame(g, c.grads());
        assertFalse(c.clipped());
        assertEquals(5.0, c.preClipNorm());
    }

    @Test
    void hugeFiniteGradientsDoNotOverflowTheNorm() {
        Params g = grads(new double[] {3e200}, new double[] {4e200});
        GradClip.Clipped c = GradClip.byGlobalNorm(g, 1);
        assertEquals(5e200, c.preClipNorm(), 1e186);
        assertEquals(1.0, GradClip.globalNorm(c.grads()), 1e-12);
    }

    @Test
    void nonFiniteGradientsAreRejectedNamingTheParameter() {
        Params g = grads(new double[] {1}, new double[] {Double.NaN});
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> GradClip.byGlobalNorm(g, 1));
        assertTrue(e.getMessage().contains("'b'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GradClip.byGlobalNorm(g, 0));
    }

    @Test
    void clipsByValue() {
        Params g = grads(new double[] {-3, 0.2, 0.5}, new double[] {0.7, Double.NaN});
        Params c = GradClip.byValue(g, 0.5);
        assertArrayEquals(new double[] {-0.5, 0.2, 0.5}, c.get("a").toArray());
        assertEquals(0.5, c.get("b").getFlat(0));
        assertTrue(Double.isNaN(c.get("b").getFlat(1)));
        assertThrows(IllegalArgumentException.class, () -> GradClip.byValue(g, -1));
    }
}
