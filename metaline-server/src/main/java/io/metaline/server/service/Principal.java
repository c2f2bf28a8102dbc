package io.metaline.server.service;

/** Who is calling: the token's id, the site it is scoped to and its role. Immutable. */
public record Principal(String tokenId, String site, Role role) {
    public Principal {
        if (site == null || site.isBlank()) throw new IllegalArgumentException("principal: a site is required");
        if (role == null) throw new IllegalArgumentException("principal: a role is required");
    }
}
