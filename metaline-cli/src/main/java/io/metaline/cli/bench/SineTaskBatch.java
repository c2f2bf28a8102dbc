package io.metaline.cli.bench;

import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A meta-batch of sine-regression tasks as in the MAML paper: y = A sin(x - phase), A ~ U[0.1, 5],
 * phase ~ U[0, pi], x ~ U[-5, 5]; K support and K query points per task, each tensor [K, 1].
 */
record SineTaskBatch(List<Tensor> supportX, List<Tensor> supportY, List<Tensor> queryX, List<Tensor> queryY) {

    static SineTaskBatch sample(Rng rng, int tasks, int k) {
        List<Tensor> sx = new ArrayList<>(tasks), sy = new ArrayList<>(tasks);
        List<Tensor> qx = new ArrayList<>(tasks), qy = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            double amplitude = rng.uniform(0.1, 5.0), phase = rng.uniform(0.0, Math.PI);
            double[][] xy = new double[4][k];
            for (int i = 0; i < k; i++) {
                xy[0][i] = rng.uniform(-5.0, 5.0);
                xy[1][i] = amplitude * Math.sin(xy[0][i] - phase);
            }
            for (int i = 0; i < k; i++) {
                xy[2][i] = rng.uniform(-5.0, 5.0);
                xy[3][i] = amplitude * Math.sin(xy[2][i] - phase);
            }
            sx.add(Tensor.of(xy[0], k, 1));
            sy.add(Tensor.of(xy[1], k, 1));
            qx.add(Tensor.of(xy[2], k, 1));
            qy.add(Tensor.of(xy[3], k, 1));
        }
        return new SineTaskBatch(sx, sy, qx, qy);
    }

    int size() {
        return supportX.size();
    }
}
