/** MetaLine as a service: the REST API under {@code /api/v1}, durable storage, tokens and roles, metrics, the dashboard. */
package io.metaline.server;
