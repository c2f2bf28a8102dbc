package io.metaline.engine.nn;

import io.metaline.engine.Tensor;

/** Elementwise activation functions, each differentiable to any order (piecewise-linear ones almost everywhere). */
public enum Activation {
    /** f(x) = x. */
    IDENTITY {
        @Override
        public Tensor apply(Tensor x) {
            return x;
        }
    },
    /** f(x) = max(x, 0). */
    RELU {
        @Override
        public Tensor apply(Tensor x) {
            return x.relu();
        }
    },
    /** Hyperbolic tangent. */
    TANH {
        @Override
        public Tensor apply(Tensor x) {
            return x.tanh();
        }
    },
    /** Logistic sigmoid 1 / (1 + exp(-x)). */
    SIGMOID {
        @Override
        public Tensor apply(Tensor x) {
            return x.sigmoid();
        }
    },
    /** f(x) = x for x &gt; 0, 0.01 x otherwise (PyTorch's default negative slope). */
    LEAKY_RELU {
        @Override
        public Tensor apply(Tensor x) {
            return x.leakyRelu(LEAKY_SLOPE);
        }
    },
    /** log(1 + exp(x)), computed without overflow. */
    SOFTPLUS {
        @Override
        public Tensor apply(Tensor x) {
            return x.softplus();
        }
    };

    /** The negative slope of {@link #LEAKY_RELU}. */
    public static final double LEAKY_SLOPE = 0.01;

    /** This function applied to every element of {@code x}. */
    public abstract Tensor apply(Tensor x);
}
