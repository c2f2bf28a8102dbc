package io.metaline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void thirdDerivativeOfCubeIsSix() {
        Tensor x = Tensor.scalar(1.7).withGrad();
        Tensor y = x.pow(3);
        Tensor d1 = Autograd.grad(y, x, true);
        Tensor d2 = Autograd.grad(d1, x, true);
        Tensor d3 = Autograd.grad(d2, x, true);
        assertEquals(3 * 1.7 * 1.7, d1.item(), 1e-12);
        assertEquals(6 * 1.7, d2.item(), 1e-12);
        assertEquals(6.0, d3.item(), 1e-12);
    }

    @Test
    void mlpSecondOrder() {
        Rng rng = new Rng(1);
        Tensor x = Tensor.randn(rng, 5, 3);
        Tensor t = Tensor.randn(rng, 5, 1);
        List<Tensor> point = List.of(Tensor.randn(rng, 4, 3), Tensor.randn(rng, 4), Tensor.randn(rng, 1, 4), Tensor.randn(rng, 1));
        GradCheck.first("mlp", v -> Losses.mse(x.matmulT(v.get(0)).add(v.get(1)).tanh().matmulT(v.get(2)).add(v.get(3)), t), point);
        GradCheck.second("mlp", v -> Losses.mse(x.matmulT(v.get(0)).add(v.get(1)).tanh().matmulT(v.get(2)).add(v.get(3)), t), point);
        GradCheck.second("mlp-softplus-sm", v -> x.matmulT(v.get(0)).add(v.get(1)).softplus().logSoftmax(1).sum().mul(0.1), point);
    }
}
