package io.metaline.server.service;

import io.metaline.optimize.Trial;
import java.time.Instant;
import java.util.Optional;

/**
 * Summary of a study: counts of trials (all) and completed ones, the best feasible completed trial as measured, and
 * the one recommended to keep running (the best feasible one as the model predicts it, see
 * {@link io.metaline.optimize.Study#recommended()}; only in a study's own view, empty in the list, since it fits the
 * study's model).
 */
public record StudyInfo(String id, String site, String name, String priorModelId, Instant created, String createdBy,
                        int trials, int completed, Optional<Trial> best, Optional<Trial> recommended) {}
