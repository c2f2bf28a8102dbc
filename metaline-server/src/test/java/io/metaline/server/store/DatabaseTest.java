package io.metaline.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DatabaseTest {
    @Test
    void h2FileUrlsGetDurableCommits() {
        assertEquals("jdbc:h2:file:/d/m;MODE=PostgreSQL;WRITE_DELAY=0", Database.durable("jdbc:h2:file:/d/m;MODE=PostgreSQL"));
        assertEquals("jdbc:h2:file:/d/m;write_delay=100", Database.durable("jdbc:h2:file:/d/m;write_delay=100"), "an explicit choice stays");
        assertEquals("jdbc:h2:mem:x", Database.durable("jdbc:h2:mem:x"));
        assertEquals("jdbc:postgresql://h/db", Database.durable("jdbc:postgresql://h/db"));
    }
}
