/**
 * The HTTP face of the MetaLine server: a Javalin app whose route table ({@link io.metaline.server.http.ApiRoutes})
 * parses each request strictly ({@link io.metaline.server.http.JsonInput}), checks the caller's token and role
 * ({@link io.metaline.server.http.Authentication}), calls the {@link io.metaline.server.service} API and answers a
 * JSON record ({@link io.metaline.server.http.ApiJson}). Errors are exceptions mapped once
 * ({@link io.metaline.server.http.ErrorMapping}) to a status and a body {@code {"error","field","expected"}}.
 * Also served: {@code /health}, Prometheus {@code /metrics}, {@code /openapi.json}, {@code /docs}, server-sent
 * study events and the dashboard's static files. {@link io.metaline.server.http.MetaLineHttpServer} starts and
 * stops it.
 */
package io.metaline.server.http;
