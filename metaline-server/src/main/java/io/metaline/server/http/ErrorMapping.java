package io.metaline.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.metaline.optimize.StudyException;
import io.metaline.server.service.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every exception to a status and an {@link ApiError} body, in one place: the HTTP layer's own
 * {@link HttpProblem}s keep their status; the services' NotFound 404, BadInput 400, Conflict 409, Forbidden 403;
 * the optimiser's unknown trial 404, already reported 409, no safe suggestion 409; an
 * {@link IllegalArgumentException} from a domain constructor or validator is a refused value (400); Javalin's own
 * answers (unmatched route 404, 405) keep their status. Anything else is a bug: 500, logged with its stack trace,
 * and its message is not shown.
 */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {}

    static void register(RoutesConfig routes) {
        routes.exception(HttpProblem.class, (e, ctx) -> answer(ctx, e.status(), e.body()));
        routes.exception(ServiceException.NotFound.class, (e, ctx) -> answer(ctx, 404, new ApiError(e.getMessage(), "id", "an id of your site")));
        routes.exception(ServiceException.BadInput.class, (e, ctx) -> answer(ctx, 400, new ApiError(e.getMessage(), e.field(), null)));
        routes.exception(ServiceException.Conflict.class, (e, ctx) -> answer(ctx, 409, new ApiError(e.getMessage(), null, null)));
        routes.exception(ServiceException.Forbidden.class, (e, ctx) -> answer(ctx, 403, new ApiError(e.getMessage(), null, null)));
        routes.exception(StudyException.UnknownTrial.class, (e, ctx) -> answer(ctx, 404, new ApiError(e.getMessage(), "trialId", "a trial of this study")));
        routes.exception(StudyException.class, (e, ctx) -> answer(ctx, 409, new ApiError(e.getMessage(), null, null)));
        routes.exception(IllegalArgumentException.class, (e, ctx) -> {
            LOG.debug("refused value on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            answer(ctx, 400, new ApiError(e.getMessage(), null, null));
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, e.getStatus(), new ApiError(e.getMessage(), null, null)));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
            answer(ctx, 500, new ApiError("internal server error", null, null));
        });
    }

    static void answer(Context ctx, int status, ApiError body) {
        ctx.status(status).contentType("application/json").result(ApiJson.write(body));
    }
}
