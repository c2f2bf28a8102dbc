/**
 * Data for meta-learning: reading delimited tables ({@link io.metaline.meta.data.CsvTable}), turning a historical
 * table grouped by product or machine into regression tasks ({@link io.metaline.meta.data.HistoryTasks},
 * {@link io.metaline.meta.data.Scaler}, {@link io.metaline.meta.data.TaskSplit}), and N-way K-shot episodes from a
 * labelled table ({@link io.metaline.meta.data.EpisodeSampler}).
 *
 * <p>Every problem with the data is reported as a {@link io.metaline.meta.data.DataException} whose message is meant
 * for the user: it names the file, the column, the 1-based data row and the line in the file where that helps.
 * Randomness always comes from an {@link io.metaline.engine.Rng} passed in or from a seed, so the same seed gives
 * the same tasks.
 */
package io.metaline.meta.data;
