package io.metaline.server.service;

import io.metaline.optimize.Trial;
import java.time.Instant;
import java.util.Optional;

/** Summary of a study: counts of trials (all) and completed ones, and the best feasible completed trial. */
public record StudyInfo(String id, String site, String name, String priorModelId, Instant created, String createdBy,
                        int trials, int completed, Optional<Trial> best) {}
