package io.metaline.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest (Implementation-Version); falls back when run from classes. */
public final class ManifestVersionProvider implements IVersionProvider {

    static final String FALLBACK_VERSION = "0.1.0-SNAPSHOT";

    /** The MetaLine version: the jar's Implementation-Version, or the fallback when run from classes. */
    static String version() {
        String version = MetaLineCli.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? FALLBACK_VERSION : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "MetaLine " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
