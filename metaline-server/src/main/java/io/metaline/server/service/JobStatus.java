package io.metaline.server.service;

/** State of a model's training job. QUEUED and RUNNING jobs of a crashed server become FAILED when it restarts. */
public enum JobStatus { QUEUED, RUNNING, SUCCEEDED, FAILED }
