package io.metaline.server.service;

/** A newly issued token with its secret, which is shown this once: only a SHA-256 hash of it is stored. */
public record IssuedToken(TokenInfo info, String secret) {}
