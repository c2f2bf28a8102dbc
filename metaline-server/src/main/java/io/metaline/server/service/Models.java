package io.metaline.server.service;

import java.util.List;

/**
 * The model registry and its training jobs. Thread-safe. {@link #train} validates the request, commits a QUEUED
 * model and returns at once; a bounded pool ({@link ServerConfig#trainingThreads()}) trains in the background and
 * commits progress, then the artefact and metrics (SUCCEEDED) or the error (FAILED). Same request and seed give
 * byte-identical artefacts.
 */
public interface Models {
    // A model's name is its dataset's name; versions count up per (site, name).
    /** BadInput for an unknown column or dataset field; NotFound for another site's dataset. */
    ModelInfo train(Principal who, TrainRequest request);

    ModelInfo get(Principal who, String id);

    List<ModelInfo> list(Principal who);

    /** The artefact bytes of a SUCCEEDED model (MetaPrior file); Conflict while it is not finished. */
    byte[] artefact(Principal who, String id);

    /** Blocks until the job ends or the timeout passes; returns the latest state (for tests and the CLI). */
    ModelInfo await(Principal who, String id, java.time.Duration timeout) throws InterruptedException;

}
