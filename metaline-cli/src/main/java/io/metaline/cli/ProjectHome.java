package io.metaline.cli;

import java.nio.file.Path;

/** The MetaLine checkout the CLI runs from: the launcher passes it as {@code -Dmetaline.home}. */
public final class ProjectHome {
    private ProjectHome() {}

    public static Path get() {
        String home = System.getProperty("metaline.home");
        return Path.of(home != null ? home : ".").toAbsolutePath().normalize();
    }
}
