package io.metaline.server.service;

import java.time.Instant;

/** A token as listed: never its secret. {@code revoked} is null while the token is valid. */
public record TokenInfo(String id, String site, Role role, String label, Instant created, Instant revoked) {}
