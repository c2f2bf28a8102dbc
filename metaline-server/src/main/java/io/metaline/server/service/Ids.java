package io.metaline.server.service;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random ids such as {@code st-3f9a0c21b4d2}: unique per server without a database round trip. Thread-safe. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    static String next(String prefix) {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return prefix + "-" + HexFormat.of().formatHex(b);
    }

    static byte[] secret(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return b;
    }
}
