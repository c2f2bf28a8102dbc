package io.metaline.server.service;

import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import java.util.List;
import java.util.Map;

/**
 * A study in full: its declaration, every trial, the suggestion (predictions and reason) each trial came from,
 * and its state: "running", or "no safe suggestion: ..." with the optimiser's message after an ask that could not
 * be answered safely.
 */
public record StudyView(StudyInfo info, StudySpec spec, List<Trial> trials, Map<Integer, Suggestion> suggestions,
                        String state) {}
