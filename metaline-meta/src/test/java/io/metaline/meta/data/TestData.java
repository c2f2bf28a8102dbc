package io.metaline.meta.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared public data sets: the folder named by the system property {@code metaline.data}, else the first
 * {@code shared/data} folder found walking up from the working directory (the project expects it at
 * {@code ../shared/data} from its root). Tests that need a file skip with a message when it is absent.
 */
final class TestData {
    private TestData() {
    }

    static Optional<Path> dataDir() {
        String prop = System.getProperty("metaline.data");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath();
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** The data file at {@code relative} inside the data folder; skips the calling test when it is not there. */
    static Path require(String relative) {
        Optional<Path> dir = dataDir();
        assumeTrue(dir.isPresent(), "shared data folder not found (expected ../shared/data from the project root,"
                + " or set -Dmetaline.data); skipping test that needs " + relative);
        Path file = dir.get().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "data file " + file + " not found; skipping");
        return file;
    }
}
