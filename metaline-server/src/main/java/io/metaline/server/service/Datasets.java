package io.metaline.server.service;

import java.util.List;

/** History datasets for training models. Thread-safe; an accepted dataset is committed before add returns. */
public interface Datasets {
    /**
     * Parses, validates and stores a CSV. BadInput names the row and column of the first problem: a missing task
     * column, fewer than two tasks, a non-numeric, empty or NaN/infinite cell, a ragged row, an empty file.
     */
    DatasetInfo add(Principal who, String name, String taskColumn, String csv);

    /** The caller's site's datasets, oldest first. */
    List<DatasetInfo> list(Principal who);

    /** NotFound for an unknown id or another site's. */
    DatasetInfo get(Principal who, String id);

    /** The stored CSV text of a dataset (NotFound as {@link #get}). */
    String csv(Principal who, String id);
}
