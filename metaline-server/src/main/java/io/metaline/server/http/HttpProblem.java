package io.metaline.server.http;

/**
 * A request the HTTP layer itself refuses (malformed JSON, a wrong type, a missing token, a body too large), with
 * the status and error body to answer. Unchecked; mapped once by {@link ErrorMapping}.
 */
public final class HttpProblem extends RuntimeException {
    private final int status;
    private final ApiError body;

    public HttpProblem(int status, String field, String message, String expected) {
        super(field == null ? message : field + ": " + message);
        this.status = status;
        this.body = new ApiError(message, field, expected);
    }

    /** 400 for a value of the request. */
    public static HttpProblem badRequest(String field, String message, String expected) {
        return new HttpProblem(400, field, message, expected);
    }

    public int status() {
        return status;
    }

    public ApiError body() {
        return body;
    }
}
