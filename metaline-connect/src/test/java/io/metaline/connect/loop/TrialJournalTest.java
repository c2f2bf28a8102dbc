package io.metaline.connect.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal survives reopening, ignores a torn last line, and refuses another study's file. */
class TrialJournalTest {
    @TempDir
    Path dir;

    @Test
    void eventsSurviveReopeningAndAResultIsRecordedOnce() throws IOException {
        Path f = dir.resolve("j.log");
        try (TrialJournal j = TrialJournal.open(f, "study a", "line-1")) {
            j.asked(1, Map.of("x", 1.0));
            j.written(1, 10);
            assertTrue(j.result(1, 11, Map.of("y", 2.0)));
            assertFalse(j.result(1, 12, Map.of("y", 3.0)), "a second result for the same trial is refused");
            j.asked(2, Map.of("x", 2.0));
        }
        try (TrialJournal j = TrialJournal.open(f, "study a", "line-1")) {
            assertEquals(List.of(1, 2), j.open().stream().map(TrialJournal.Entry::trialId).toList());
            assertEquals(Map.of("y", 2.0), j.entry(1).outcomes());
            assertEquals(11L, j.entry(1).cycle());
            j.told(1);
            j.closed(2, "interrupted");
        }
        try (TrialJournal j = TrialJournal.open(f, "study a", "line-1")) {
            assertTrue(j.open().isEmpty());
            assertTrue(j.wasTold(1));
            assertEquals(java.util.Set.of(1), j.told());
        }
    }

    @Test
    void aTornLastLineIsIgnoredAndTheNextEventStartsOnItsOwnLine() throws IOException {
        Path f = dir.resolve("j.log");
        try (TrialJournal j = TrialJournal.open(f, "s", "l")) {
            j.asked(1, Map.of("x", 1.0));
        }
        Files.writeString(f, "result 1 {\"cycle\":4,\"outc", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (TrialJournal j = TrialJournal.open(f, "s", "l")) {
            assertEquals(null, j.entry(1).outcomes(), "the torn result never happened");
            j.closed(1, "interrupted");
        }
        try (TrialJournal j = TrialJournal.open(f, "s", "l")) {
            assertEquals("interrupted", j.entry(1).closed());
        }
    }

    @Test
    void anotherStudysJournalIsRefused() throws IOException {
        Path f = dir.resolve("j.log");
        TrialJournal.open(f, "study a", "line-1").close();
        IOException e = assertThrows(IOException.class, () -> TrialJournal.open(f, "study b", "line-1"));
        assertTrue(e.getMessage().contains("use one journal file per study and line"), e.getMessage());
    }
}
