package io.metaline.meta;

import io.metaline.engine.Rng;
import java.util.ArrayList;
import java.util.List;

/** A source of tasks. Every draw comes from the generator passed in, so the same seed gives the same tasks. */
@FunctionalInterface
public interface TaskDistribution {
    Task sample(Rng rng);

    /** {@code n} tasks drawn one after another from {@code rng}. */
    default List<Task> sample(Rng rng, int n) {
        List<Task> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) tasks.add(sample(rng));
        return tasks;
    }
}
