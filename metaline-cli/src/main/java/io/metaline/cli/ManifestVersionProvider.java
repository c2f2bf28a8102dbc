package io.metaline.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest (Implementation-Version); falls back when run from classes. */
public final class ManifestVersionProvider implements IVersionProvider {

    static final String FALLBACK_VERSION = "0.1.0-SNAPSHOT";

    @Override
    public String[] getVersion() {
        String version = MetaLineCli.class.getPackage().getImplementationVersion();
        if (version == null || version.isBlank()) {
            version = FALLBACK_VERSION;
        }
        return new String[] {
            "MetaLine " + version,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
