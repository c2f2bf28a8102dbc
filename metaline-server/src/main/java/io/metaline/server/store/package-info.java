/**
 * Storage of the MetaLine server: a HikariCP connection pool on H2 (embedded file database in PostgreSQL mode) or
 * PostgreSQL 15, the Flyway migrations in {@code db/migration} (one set for both), and short transactions with
 * {@link io.metaline.server.store.Database#inTransaction}.
 */
package io.metaline.server.store;
