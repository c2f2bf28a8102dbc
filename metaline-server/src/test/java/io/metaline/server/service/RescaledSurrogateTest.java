package io.metaline.server.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.optimize.OutcomeFeatures;
import io.metaline.optimize.Surrogate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A study's unit cube is mapped onto the cube a prior model was trained in. */
class RescaledSurrogateTest {
    /** Records the points it is given and predicts their first coordinate. */
    static class Recording implements Surrogate {
        final List<double[]> seen = new ArrayList<>();

        @Override
        public boolean predictsWithoutData() {
            return true;
        }

        @Override
        public Model fit(String outcome, double[][] x, double[] y, double[] weights, double scale) {
            for (double[] p : x) seen.add(p.clone());
            return new Model() {
                @Override
                public double[][] sample(double[][] points, int numSamples, io.metaline.engine.Rng rng) {
                    for (double[] p : points) seen.add(p.clone());
                    return new double[numSamples][points.length];
                }

                @Override
                public double[][] predict(double[][] points) {
                    double[][] out = new double[2][points.length];
                    for (int i = 0; i < points.length; i++) {
                        seen.add(points[i].clone());
                        out[0][i] = points[i][0];
                    }
                    return out;
                }
            };
        }
    }

    @Test
    void mapsStudyCoordinatesIntoTheModelsCube() {
        Recording inner = new Recording();
        // Study bounds: t in [100, 200], p in [0, 10]; model saw t in [120, 180], p in [0, 20].
        Surrogate s = new RescaledSurrogate(inner, new double[] {100, 0}, new double[] {200, 10}, new double[] {120, 0},
                new double[] {180, 20});
        // Study point t = 150 (0.5), p = 10 (1.0) is model point t = 150 (0.5), p = 10 (0.5).
        Surrogate.Model m = s.fit("y", new double[][] {{0.5, 1.0}}, new double[] {1}, new double[] {1}, 0);
        assertArrayEquals(new double[] {0.5, 0.5}, inner.seen.get(0), 1e-12);
        // Study t = 100 (0.0) lies outside the model's data: model coordinate -1/3.
        double[][] p = m.predict(new double[][] {{0.0, 0.0}});
        assertArrayEquals(new double[] {-1.0 / 3, 0.0}, inner.seen.get(1), 1e-12);
        assertArrayEquals(new double[] {-1.0 / 3}, p[0], 1e-12);
        // Joint samples (Thompson sampling) see the mapped points too, and the prior still predicts without data.
        m.sample(new double[][] {{1.0, 0.5}}, 3, new io.metaline.engine.Rng(1));
        assertArrayEquals(new double[] {4.0 / 3, 0.25}, inner.seen.get(2), 1e-12); // t 200, p 5
        assertTrue(s.predictsWithoutData());
    }

    @Test
    void theObjectiveOverOutcomeFeaturesSeesTheSettingsMappedAndTheFeaturesAsTheyAre() {
        Recording learnt = new Recording();
        OutcomeFeatures features = new OutcomeFeatures(List.of("d"), new double[] {0}, new double[] {1}, List.of());
        Surrogate inner = new Recording() {
            @Override
            public ObjectiveOverOutcomes objectiveOverOutcomes() {
                return new ObjectiveOverOutcomes("y", learnt, features);
            }
        };
        Surrogate s = new RescaledSurrogate(inner, new double[] {100, 0}, new double[] {200, 10}, new double[] {120, 0},
                new double[] {180, 20});
        Surrogate.ObjectiveOverOutcomes o = s.objectiveOverOutcomes();
        assertSame(features, o.features());
        o.surrogate().fit("y", new double[][] {{0.5, 1.0, 0.7}}, new double[] {1}, new double[] {1}, 0);
        assertArrayEquals(new double[] {0.5, 0.5, 0.7}, learnt.seen.get(0), 1e-12);
        assertNull(new RescaledSurrogate(new Recording(), new double[] {0}, new double[] {1}, new double[] {0}, new double[] {1})
                .objectiveOverOutcomes());
    }
}
