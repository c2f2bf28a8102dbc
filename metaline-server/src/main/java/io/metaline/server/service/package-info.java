/**
 * The Java API of the MetaLine server, without HTTP: {@link io.metaline.server.service.Tokens},
 * {@link io.metaline.server.service.Datasets}, {@link io.metaline.server.service.Models} (background training
 * jobs), {@link io.metaline.server.service.Studies} (ask/tell optimisation studies) and
 * {@link io.metaline.server.service.Lines}, wired together by {@link io.metaline.server.service.MetaLineServices}.
 *
 * <p>Contracts shared by every service: all methods are thread-safe; every mutation is committed in one database
 * transaction before the method returns (an acknowledged call survives a crash of the process); a
 * {@link io.metaline.server.service.Principal}'s site scopes every call, and another site's id answers
 * {@link io.metaline.server.service.ServiceException.NotFound}; bad input answers
 * {@link io.metaline.server.service.ServiceException.BadInput} naming the field (or row and column).
 * Role checks are the caller's (HTTP layer's) job; the services enforce site isolation only.
 */
package io.metaline.server.service;
