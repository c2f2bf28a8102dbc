package io.metaline.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Rewrites one benchmark's section of {@code docs/benchmarks.md}, between the markers
 * {@code <!-- bench:KEY:start -->} and {@code <!-- bench:KEY:end -->}; a section not yet there is appended.
 */
public final class BenchmarksDoc {
    private final Path file;

    public BenchmarksDoc(Path file) {
        this.file = file;
    }

    public void replaceSection(String key, String markdown) throws IOException {
        String start = "<!-- bench:" + key + ":start -->", end = "<!-- bench:" + key + ":end -->";
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# MetaLine benchmarks\n";
        String block = start + "\n" + markdown.strip() + "\n" + end;
        int s = text.indexOf(start), e = text.indexOf(end);
        String updated;
        if (s >= 0 && e > s) {
            updated = text.substring(0, s) + block + text.substring(e + end.length());
        } else {
            updated = text.stripTrailing() + "\n\n" + block + "\n";
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(tmp, updated, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
