package io.metaline.server.http;

/**
 * The body of every error answer.
 *
 * @param error    what went wrong, for a person
 * @param field    the request field, parameter or header at fault (e.g. {@code parameters[1].lower}), or null
 * @param expected what would have been accepted there, or null
 */
public record ApiError(String error, String field, String expected) {}
