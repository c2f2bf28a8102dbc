package io.metaline.server.http;

import io.javalin.security.RouteRole;
import io.metaline.server.service.Role;

/**
 * Who may call a route: anyone ({@link #PUBLIC}), or a token whose role includes the route's (viewer for reading,
 * operator for running studies, admin for datasets, models, study creation and tokens).
 */
public enum Access implements RouteRole {
    PUBLIC(null), VIEWER(Role.VIEWER), OPERATOR(Role.OPERATOR), ADMIN(Role.ADMIN);

    private final Role needed;

    Access(Role needed) {
        this.needed = needed;
    }

    /** The service role a token needs, or null for a public route. */
    public Role needed() {
        return needed;
    }
}
