package io.metaline.engine.nn;

import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import java.util.Arrays;

/** Argument checks shared by the modules, with messages that name the module and the offending parameter. */
final class Checks {
    private Checks() {}

    /** The parameter {@code name}, which must exist in {@code params} with exactly {@code shape}. */
    static Tensor param(Params params, String name, String module, int... shape) {
        if (!params.contains(name)) {
            throw new IllegalArgumentException(module + ": missing parameter '" + name + "' (expected shape "
                    + Arrays.toString(shape) + "); known: " + params.names());
        }
        Tensor t = params.get(name);
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException(module + ": parameter '" + name + "' has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
        }
        return t;
    }

    static void positive(String module, String what, int value) {
        if (value <= 0) throw new IllegalArgumentException(module + ": " + what + " must be positive, got " + value);
    }

    static String shape(Tensor t) {
        return Arrays.toString(t.shape());
    }
}
