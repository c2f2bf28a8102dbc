package io.metaline.server.service;

import java.util.List;
import java.util.Optional;

/**
 * API tokens. Secrets are 32 random bytes (URL-safe base64); only their SHA-256 is stored. Thread-safe; each
 * mutation is committed before the method returns.
 */
public interface Tokens {
    /** Issues a token for {@code site} with {@code role}; BadInput for a blank site. */
    IssuedToken issue(Role role, String site, String label);

    /** The principal of a valid secret; empty for an unknown or revoked one (and for null). */
    java.util.Optional<Principal> authenticate(String secret);

    /** Revokes a token; false when no such token exists. Revoking twice is harmless (true). */
    boolean revoke(String tokenId);

    /** Tokens of {@code site}, or of every site when {@code site} is null, oldest first. */
    List<TokenInfo> list(String site);

    /** The token with this id, if any. */
    Optional<TokenInfo> get(String tokenId);
}
