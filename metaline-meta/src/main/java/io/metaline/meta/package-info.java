/**
 * Meta-learning: tasks with support and query sets, task distributions, meta-learners behind one interface
 * ({@link io.metaline.meta.MetaLearner}), the parallel, resumable {@link io.metaline.meta.MetaTrainer}, evaluation
 * with confidence intervals and model files. Knows nothing of factories: applications bring the tasks.
 */
package io.metaline.meta;
