package io.metaline.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Misuse fails fast with a message that says what was wrong: each case asserts the exception type and that the
 * message contains the offending shapes (both of them where two shapes disagree), indices or names.
 */
class ShapeErrorTest {

    record Misuse(String name, Class<? extends Throwable> type, Executable call, String... mustContain) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Class<IndexOutOfBoundsException> IOOBE = IndexOutOfBoundsException.class;

    static Stream<Misuse> misuses() {
        Tensor a23 = Tensor.zeros(2, 3), a4 = Tensor.zeros(4), a5 = Tensor.zeros(5), a51 = Tensor.zeros(5, 1);
        Tensor a234 = Tensor.zeros(2, 3, 4);
        Tensor p5 = Tensor.full(0.5, 5), p51 = Tensor.full(0.5, 5, 1);
        return Stream.of(
            new Misuse("add of incompatible shapes", IAE, () -> a23.add(a4), "add", "[2, 3]", "[4]"),
            new Misuse("sub of incompatible shapes", IAE, () -> a4.sub(a23), "sub", "[4]", "[2, 3]"),
            new Misuse("mul of incompatible shapes", IAE, () -> a234.mul(Tensor.zeros(2, 4)), "[2, 3, 4]", "[2, 4]"),
            new Misuse("div of incompatible shapes", IAE, () -> Tensor.zeros(3, 2).div(Tensor.zeros(3)), "div", "[3, 2]", "[3]"),
            new Misuse("broadcastTo an incompatible shape", IAE, () -> a23.broadcastTo(3, 3), "[2, 3]", "[3, 3]"),
            new Misuse("sumTo a shape that does not broadcast", IAE, () -> a23.sumTo(2), "[2]", "[2, 3]"),
            new Misuse("where with values not broadcasting to the mask", IAE,
                    () -> Tensor.where(Tensor.ones(2, 3), a4, a23), "[4]", "[2, 3]"),
            new Misuse("where with a differentiable mask", IAE,
                    () -> Tensor.where(Tensor.ones(2, 3).withGrad(), a23, a23), "mask"),
            new Misuse("matmul inner dimension mismatch", IAE, () -> a23.matmul(Tensor.zeros(4, 5)),
                    "matmul", "[2, 3]", "[4, 5]"),
            new Misuse("matmulT inner dimension mismatch", IAE, () -> a23.matmulT(Tensor.zeros(5, 4)),
                    "[2, 3]", "[5, 4]^T"),
            new Misuse("batched matmul inner dimension mismatch", IAE, () -> a234.matmul(Tensor.zeros(2, 3, 4)),
                    "[2, 3, 4]", "[2, 3, 4]", "4 vs 3"),
            new Misuse("batched matmul batch mismatch", IAE, () -> a234.matmul(Tensor.zeros(3, 4, 2)),
                    "[2, 3, 4]", "[3, 4, 2]"),
            new Misuse("matmul of a vector", IAE, () -> a4.matmul(Tensor.zeros(4, 2)), "[4]", "[4, 2]"),
            new Misuse("mse [n] vs [n,1]", IAE, () -> Losses.mse(a5, a51), "mse", "[5]", "[5, 1]"),
            new Misuse("mse [n,1] vs [n]", IAE, () -> Losses.mse(a51, a5), "mse", "[5, 1]", "[5]"),
            new Misuse("huber [n] vs [n,1]", IAE, () -> Losses.huber(a5, a51, 1.0), "huber", "[5]", "[5, 1]"),
            new Misuse("binaryCrossEntropy [n] vs [n,1]", IAE, () -> Losses.binaryCrossEntropy(p5, p51),
                    "binaryCrossEntropy", "[5]", "[5, 1]"),
            new Misuse("binaryCrossEntropyWithLogits [n] vs [n,1]", IAE,
                    () -> Losses.binaryCrossEntropyWithLogits(a5, a51), "binaryCrossEntropyWithLogits", "[5]", "[5, 1]"),
            new Misuse("gaussianNll mean [n] vs target [n,1]", IAE,
                    () -> Losses.gaussianNll(a5, p51, a51, false, 1e-6), "gaussianNll", "[5]", "[5, 1]"),
            new Misuse("gaussianNll variance [n] vs target [n,1]", IAE,
                    () -> Losses.gaussianNll(a51, p5, a51, false, 1e-6), "variance", "[5]", "[5, 1]"),
            new Misuse("crossEntropy of rank-1 logits", IAE, () -> Losses.crossEntropy(a5, new int[] {0}), "[5]"),
            new Misuse("crossEntropy label count", IAE, () -> Losses.crossEntropy(a23, new int[] {0}), "1 labels", "2 rows"),
            new Misuse("crossEntropy label out of range", IAE, () -> Losses.crossEntropy(a23, new int[] {0, 3}),
                    "label 3", "row 1"),
            new Misuse("binaryCrossEntropy of a probability above 1", IAE,
                    () -> Losses.binaryCrossEntropy(Tensor.vector(0.5, 1.5), Tensor.vector(0, 1)), "1.5", "element 1"),
            new Misuse("huber with delta 0", IAE, () -> Losses.huber(a5, a5, 0.0), "delta"),
            new Misuse("reshape to the wrong size", IAE, () -> a23.reshape(4, 2), "[2, 3]", "[4, 2]"),
            new Misuse("reshape with an impossible -1", IAE, () -> a23.reshape(4, -1), "[4, -1]", "[2, 3]"),
            new Misuse("reshape with two -1", IAE, () -> a23.reshape(-1, -1), "[-1, -1]"),
            new Misuse("slice past the end", IAE, () -> a23.slice(1, 2, 5), "[2, 5)", "[2, 3]"),
            new Misuse("slice with a negative start", IAE, () -> a23.slice(0, -1, 1), "[-1, 1)", "[2, 3]"),
            new Misuse("slice with start after end", IAE, () -> a23.slice(1, 2, 1), "[2, 1)"),
            new Misuse("slice on a missing axis", IAE, () -> a23.slice(2, 0, 1), "axis 2", "rank 2"),
            new Misuse("gather index out of range", IOOBE, () -> a23.gather(1, 0, 2, 3, 1), "index 3", "length 3"),
            new Misuse("gather negative index", IOOBE, () -> a23.gather(0, 0, -1, 1), "index -1", "length 2"),
            new Misuse("gather uneven index count", IAE, () -> a23.gather(1, 0, 1, 2), "3 indices", "[2, 3]"),
            new Misuse("indexSelect out of range", IOOBE, () -> a23.indexSelect(0, 0, 2), "index 2", "length 2"),
            new Misuse("indexSelect negative", IOOBE, () -> a23.indexSelect(1, -1), "index -1", "length 3"),
            new Misuse("concat with mismatched shapes", IAE, () -> Tensor.concat(1, List.of(a23, Tensor.zeros(3, 3))),
                    "[3, 3]", "[2, 3]"),
            new Misuse("concat with mismatched ranks", IAE, () -> Tensor.concat(0, List.of(a23, a234)),
                    "[2, 3, 4]", "[2, 3]"),
            new Misuse("stack with mismatched shapes", IAE, () -> Tensor.stack(0, List.of(a23, Tensor.zeros(3, 2))),
                    "[3, 2]", "[2, 3]"),
            new Misuse("permute with a repeated axis", IAE, () -> a234.permute(0, 1, 1), "axis 1"),
            new Misuse("permute with the wrong number of axes", IAE, () -> a234.permute(0, 1), "2 axes", "rank 3"),
            new Misuse("transpose of a vector", IAE, () -> a4.transpose(), "[4]"),
            new Misuse("sum over a missing axis", IAE, () -> a23.sum(3, false), "axis 3", "rank 2"),
            new Misuse("softmax over a missing axis", IAE, () -> a23.softmax(-3), "axis -3", "rank 2"),
            new Misuse("Tensor.of with the wrong count", IAE, () -> Tensor.of(new double[5], 2, 3), "5 values", "[2, 3]"),
            new Misuse("item of a non-scalar", IAE, () -> a23.item(), "[2, 3]"),
            new Misuse("clamp with lo above hi", IAE, () -> a23.clamp(1, 0), "lower limit"),
            new Misuse("grad on an input that does not require grad", IAE, () -> {
                Tensor x = Tensor.vector(1, 2);
                Tensor w = Tensor.vector(3, 4).withGrad();
                Autograd.grad(x.mul(w).sum(), List.of(w, x), false);
            }, "input 1", "[2]", "does not require gradients"),
            new Misuse("grad of a non-scalar without a seed", IAE, () -> {
                Tensor x = Tensor.vector(1, 2, 3).withGrad();
                Autograd.grad(x.mul(2.0), x, false);
            }, "[3]", "seed"),
            new Misuse("grad with a seed of the wrong shape", IAE, () -> {
                Tensor x = Tensor.vector(1, 2, 3).withGrad();
                Autograd.grad(List.of(x.mul(2.0)), List.of(Tensor.zeros(3, 1)), List.of(x), false);
            }, "[3, 1]", "[3]"),
            new Misuse("grad with the wrong number of seeds", IAE, () -> {
                Tensor x = Tensor.vector(1, 2, 3).withGrad();
                Autograd.grad(List.of(x.sum()), List.of(Tensor.scalar(1), Tensor.scalar(1)), List.of(x), false);
            }, "2 gradient seeds", "1 outputs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misuses")
    void failsWithAMessageNamingTheShapes(Misuse m) {
        Throwable e = assertThrows(m.type(), m.call(), m.name());
        String msg = e.getMessage();
        for (String part : m.mustContain()) {
            assertTrue(msg != null && msg.contains(part), m.name() + ": message should contain '" + part + "': " + msg);
        }
    }
}
