package io.metaline.server.http;

/**
 * Largest request bodies accepted, in bytes: JSON requests and CSV uploads. A larger body answers 413 before it is
 * parsed.
 */
public record HttpLimits(long jsonBytes, long csvBytes) {
    public static final long MIB = 1024L * 1024L;

    /** 1 MiB of JSON, 50 MiB of CSV. */
    public static final HttpLimits DEFAULT = new HttpLimits(MIB, 50 * MIB);

    public HttpLimits {
        if (jsonBytes < 1024 || csvBytes < 1024) {
            throw new IllegalArgumentException("http limits: body limits must be at least 1024 bytes, got json "
                    + jsonBytes + ", csv " + csvBytes);
        }
    }
}
