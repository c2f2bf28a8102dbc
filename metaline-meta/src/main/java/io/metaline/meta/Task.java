package io.metaline.meta;

/**
 * One task: a support set to adapt on and a query set to judge the adaptation by. Both sets are of the same kind
 * (regression or classification); the support set is never empty.
 *
 * @param id a name for reports (a product, a machine, "sine 17")
 */
public record Task(String id, Examples support, Examples query) {
    public Task {
        if (support == null || query == null) throw new IllegalArgumentException("Task " + id + ": support and query must not be null");
        if (support.size() == 0) {
            throw new IllegalArgumentException("Task " + id + ": the support set is empty; adaptation needs at least one example");
        }
        if (support.isClassification() != query.isClassification()) {
            throw new IllegalArgumentException("Task " + id + ": support and query sets must both be regression or both classification");
        }
    }

    public boolean isClassification() {
        return support.isClassification();
    }

    /** Support and query together (used by learners that train on all of a task's data). */
    public Examples all() {
        return query.size() == 0 ? support : support.concat(query);
    }
}
