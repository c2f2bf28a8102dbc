package io.metaline.engine.optim;

import io.metaline.engine.Tensor;
import java.util.Map;

/** Small helpers shared by the optimisers: parsing configuration maps, scheduled rates, result tensors. */
final class ConfigMaps {
    private ConfigMaps() {}

    static double number(Map<String, String> m, String key, String who) {
        String v = require(m, key, who);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(who + ": config '" + key + "' is not a number: '" + v + "'");
        }
    }

    static boolean bool(Map<String, String> m, String key, String who) {
        String v = require(m, key, who);
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw new IllegalArgumentException(who + ": config '" + key + "' must be true or false, got '" + v + "'");
    }

    private static String require(Map<String, String> m, String key, String who) {
        String v = m.get(key);
        if (v == null) throw new IllegalArgumentException(who + ": config has no '" + key + "'; keys: " + m.keySet());
        return v;
    }

    /** The schedule's rate for update {@code step}, checked to be finite and non-negative. */
    static double scheduledLr(LrSchedule schedule, double base, int step, String who) {
        double lr = schedule.lr(base, step);
        if (!(lr >= 0 && lr < Double.POSITIVE_INFINITY)) {
            throw new IllegalStateException(who + ": schedule " + schedule.describe() + " gave learning rate " + lr
                    + " at step " + step + " (must be finite and >= 0)");
        }
        return lr;
    }

    /** The updated values as a tensor shaped like {@code like}, a gradient leaf if {@code like} was one. */
    static Tensor result(double[] values, Tensor like) {
        Tensor t = Tensor.of(values, like.shape());
        return like.requiresGrad() ? t.withGrad() : t;
    }
}
