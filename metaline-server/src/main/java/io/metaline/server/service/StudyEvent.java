package io.metaline.server.service;

/**
 * A committed change of a study, for live updates. {@code kind} is one of created, asked, told, failed, approved,
 * rejected; {@code trialId} is 0 for created.
 */
public record StudyEvent(String site, String studyId, String kind, int trialId) {}
