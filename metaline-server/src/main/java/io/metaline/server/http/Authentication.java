package io.metaline.server.http;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import io.metaline.server.service.Principal;
import io.metaline.server.service.Tokens;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the bearer token of every non-public route before its handler runs: 401 when the token is missing,
 * unknown or revoked, 403 when its role does not include the route's {@link Access}. The principal is kept on the
 * request for the handler ({@link #principal}). The event stream also takes the token as {@code access_token}
 * query parameter, because a browser's EventSource cannot send headers. Thread-safe.
 */
final class Authentication {
    static final String PRINCIPAL = "metaline.principal";
    static final String EVENTS_PATH = "/api/v1/events";

    private final Tokens tokens;

    Authentication(Tokens tokens) {
        this.tokens = tokens;
    }

    void check(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        Access access = roles.stream().filter(r -> r instanceof Access).map(r -> (Access) r).findFirst().orElse(Access.PUBLIC);
        if (access == Access.PUBLIC) return;
        String secret = bearer(ctx);
        if (secret == null && EVENTS_PATH.equals(ctx.path())) secret = ctx.queryParam("access_token");
        if (secret == null) {
            throw unauthorized(ctx, "a bearer token is required");
        }
        Optional<Principal> who = tokens.authenticate(secret);
        if (who.isEmpty()) throw unauthorized(ctx, "the token is unknown or revoked");
        Principal p = who.get();
        if (!p.role().allows(access.needed())) {
            throw new HttpProblem(403, "Authorization", "a " + ApiJson.lower(p.role()) + " token may not do this",
                    "a token with role " + ApiJson.lower(access.needed()) + " or higher");
        }
        ctx.attribute(PRINCIPAL, p);
    }

    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) throw new IllegalStateException("no principal on an authenticated route: " + ctx.path());
        return p;
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null) return null;
        h = h.trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String token = h.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static HttpProblem unauthorized(Context ctx, String message) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"metaline\"");
        return new HttpProblem(401, "Authorization", message, "Authorization: Bearer <token>");
    }
}
