package io.metaline.engine.io;

import java.io.IOException;

/**
 * A file or stream is not a valid MetaLine tensor archive: wrong magic, unsupported version, truncated,
 * corrupt (checksum mismatch), or structurally invalid. The message says which, and where.
 */
public class ArchiveFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ArchiveFormatException(String message) {
        super(message);
    }
}
