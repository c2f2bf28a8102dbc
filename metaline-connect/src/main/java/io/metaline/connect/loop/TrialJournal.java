package io.metaline.connect.loop;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The agent's durable memory of each trial's progress, so that a result is told exactly once: an append-only text
 * file, one event per line, each forced to disk ({@code fsync}) before the call returns.
 *
 * <p>Events: {@code asked} (the suggestion), {@code written} (setpoints sent), {@code result} (the cycle's outcomes,
 * recorded <em>before</em> they are told), {@code told} (the study accepted them) and {@code closed} (failed,
 * rejected or abandoned). After a crash, a trial with a result but no {@code told} is told again with the
 * <em>same</em> outcomes (the study accepts a repeated identical result), a trial whose setpoints were written
 * (so it was approved) is resumed, a trial never written is failed; a trial that was told is never told again. A torn last line (a crash mid-append) is ignored.
 *
 * <p>File format (UTF-8): a header {@code metaline-journal/1 <study> <line>} then lines {@code <event> <trialId>
 * <json>}. The file is locked while open, so a second agent cannot use it at the same time. Thread-safe (methods
 * are synchronized).
 */
public final class TrialJournal implements AutoCloseable {
    public static final String FORMAT = "metaline-journal/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the journal knows about one trial. */
    public record Entry(int trialId, Map<String, Double> settings, Long cycleBefore, Long cycle,
                        Map<String, Double> outcomes, boolean told, String closed) {
        /** Whether the setpoints were written (then {@code cycleBefore} is the last cycle before the write). */
        public boolean written() {
            return cycleBefore != null;
        }

        /** Neither told nor closed: the trial was interrupted. */
        public boolean open() {
            return !told && closed == null;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final Map<Integer, Entry> entries = new LinkedHashMap<>();

    private TrialJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Opens (or creates) the journal of {@code study} on {@code line}; refuses a journal written for another study or
     * line, which would otherwise suppress or repeat the wrong trials.
     */
    public static TrialJournal open(Path file, String study, String line) throws IOException {
        String header = FORMAT + " " + token(study) + " " + token(line);
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        // Two agents on one journal could each tell a result the other does not know of: refuse the second.
        java.nio.channels.FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("journal " + file + " is in use by another agent; one agent per study and line");
        }
        byte[] bytes = Files.readAllBytes(file);
        boolean exists = bytes.length > 0;
        List<String> lines = exists ? new String(bytes, StandardCharsets.UTF_8).lines().toList() : List.of();
        if (exists && !lines.get(0).equals(header)) {
            ch.close();
            throw new IOException("journal " + file + " belongs to '" + lines.get(0) + "', not to '" + header
                    + "'; use one journal file per study and line");
        }
        int keep = bytes.length;
        while (keep > 0 && bytes[keep - 1] != '\n') keep--;
        if (keep < bytes.length) {
            // A crash mid-append left a torn last line: that event never happened; cut it off for good.
            ch.truncate(keep);
            ch.force(true);
            lines = lines.subList(0, lines.size() - 1);
        }
        ch.position(ch.size());
        TrialJournal j = new TrialJournal(file, ch);
        if (!exists) {
            j.append(header);
        } else {
            for (int i = 1; i < lines.size(); i++) {
                try {
                    j.apply(lines.get(i));
                } catch (RuntimeException e) {
                    ch.close();
                    throw new IOException("journal " + file + ", line " + (i + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        return j;
    }

    private static String token(String s) {
        return s.replaceAll("\\s+", "_");
    }

    public Path file() {
        return file;
    }

    public synchronized void asked(int trialId, Map<String, Double> settings) throws IOException {
        record("asked", trialId, settings);
    }

    public synchronized void written(int trialId, long cycleBefore) throws IOException {
        record("written", trialId, Map.of("cycleBefore", cycleBefore));
    }

    /** Records a result before it is told; returns false (and records nothing) when the trial was told already. */
    public synchronized boolean result(int trialId, long cycle, Map<String, Double> outcomes) throws IOException {
        Entry e = entries.get(trialId);
        if (e != null && (e.told() || e.outcomes() != null)) return false;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cycle", cycle);
        m.put("outcomes", outcomes);
        record("result", trialId, m);
        return true;
    }

    public synchronized void told(int trialId) throws IOException {
        record("told", trialId, Map.of());
    }

    public synchronized void closed(int trialId, String reason) throws IOException {
        record("closed", trialId, Map.of("reason", reason == null ? "" : reason));
    }

    /** Whether the trial's result was told. */
    public synchronized boolean wasTold(int trialId) {
        Entry e = entries.get(trialId);
        return e != null && e.told();
    }

    public synchronized Entry entry(int trialId) {
        return entries.get(trialId);
    }

    /** Ids of told trials, ascending. */
    public synchronized Set<Integer> told() {
        Set<Integer> s = new TreeSet<>();
        for (Entry e : entries.values()) if (e.told()) s.add(e.trialId());
        return Collections.unmodifiableSet(s);
    }

    /** Trials neither told nor closed, in journal order (what a restarted agent must finish). */
    public synchronized List<Entry> open() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries.values()) if (e.open()) out.add(e);
        return out;
    }

    /** Every trial the journal knows, in order. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    private void record(String event, int trialId, Object payload) throws IOException {
        String line = event + " " + trialId + " " + JSON.writeValueAsString(payload);
        apply(line);
        append(line);
    }

    private void append(String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) channel.write(b);
        channel.force(true);
    }

    private void apply(String line) {
        if (line.isBlank()) return;
        String[] parts = line.split(" ", 3);
        if (parts.length < 3) throw new IllegalArgumentException("expected '<event> <trialId> <json>', got '" + line + "'");
        int id = Integer.parseInt(parts[1]);
        Map<String, Object> p;
        try {
            p = JSON.readValue(parts[2], new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + parts[2]);
        }
        Entry e = entries.getOrDefault(id, new Entry(id, Map.of(), null, null, null, false, null));
        Entry next = switch (parts[0]) {
            case "asked" -> new Entry(id, doubles(p), null, null, null, false, null);
            case "written" -> new Entry(id, e.settings(), ((Number) p.get("cycleBefore")).longValue(), e.cycle(), e.outcomes(), e.told(), e.closed());
            case "result" -> {
                @SuppressWarnings("unchecked") Map<String, Object> o = (Map<String, Object>) p.get("outcomes");
                yield new Entry(id, e.settings(), e.cycleBefore(), ((Number) p.get("cycle")).longValue(), doubles(o), e.told(), e.closed());
            }
            case "told" -> new Entry(id, e.settings(), e.cycleBefore(), e.cycle(), e.outcomes(), true, e.closed());
            case "closed" -> new Entry(id, e.settings(), e.cycleBefore(), e.cycle(), e.outcomes(), e.told(), String.valueOf(p.get("reason")));
            default -> throw new IllegalArgumentException("unknown event '" + parts[0] + "'");
        };
        entries.put(id, next);
    }

    private static Map<String, Double> doubles(Map<String, Object> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) out.put(e.getKey(), ((Number) e.getValue()).doubleValue());
        return Collections.unmodifiableMap(out);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
