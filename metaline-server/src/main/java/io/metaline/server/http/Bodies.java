package io.metaline.server.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads request bodies within a size limit (413 beyond it, judged by the declared length first and by the bytes
 * actually sent otherwise) and checks their media type (415). Stateless.
 */
final class Bodies {
    private Bodies() {}

    /** A JSON body: the media type must be absent or application/json. */
    static JsonInput json(Context ctx, HttpLimits limits) {
        String type = mediaType(ctx);
        if (type != null && !type.equals("application/json")) {
            throw new HttpProblem(415, "Content-Type", "unsupported media type '" + type + "'", "application/json");
        }
        return JsonInput.parse(read(ctx, limits.jsonBytes()));
    }

    /** A JSON body that may be left out (an empty body, with or without a length, gives null). */
    static JsonInput optionalJson(Context ctx, HttpLimits limits) {
        String type = mediaType(ctx);
        byte[] bytes = read(ctx, limits.jsonBytes());
        if (bytes.length == 0) return null;
        if (type != null && !type.equals("application/json")) {
            throw new HttpProblem(415, "Content-Type", "unsupported media type '" + type + "'", "application/json");
        }
        return JsonInput.parse(bytes);
    }

    /** A CSV body in UTF-8: the media type must be absent, text/csv or text/plain. */
    static String csv(Context ctx, HttpLimits limits) {
        String type = mediaType(ctx);
        if (type != null && !type.equals("text/csv") && !type.equals("text/plain")) {
            throw new HttpProblem(415, "Content-Type", "unsupported media type '" + type + "'", "text/csv");
        }
        byte[] bytes = read(ctx, limits.csvBytes());
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw HttpProblem.badRequest("body", "the CSV is not valid UTF-8", "UTF-8 text");
        }
    }

    static byte[] read(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > limit) throw tooLarge(limit, in);
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > limit) throw tooLarge(limit, in);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw HttpProblem.badRequest("body", "could not read the request body: " + e.getMessage(), null);
        }
    }

    /** Bytes of an oversized body read and dropped before answering 413, at most. */
    static final long DRAIN_BYTES = 8L << 20;

    /**
     * The 413 answer, after reading and dropping the rest of a body of moderate size: a client still sending would
     * otherwise see the connection reset instead of the answer. Beyond {@link #DRAIN_BYTES} the connection is cut.
     */
    private static HttpProblem tooLarge(long limit, InputStream rest) throws IOException {
        byte[] buffer = new byte[8192];
        long dropped = 0;
        for (int n; dropped < DRAIN_BYTES && (n = rest.read(buffer)) >= 0; ) dropped += n;
        return tooLarge(limit);
    }

    private static HttpProblem tooLarge(long limit) {
        return new HttpProblem(413, "body", "the request body is larger than " + limit + " bytes", "at most " + limit + " bytes");
    }

    private static String mediaType(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || type.isBlank()) return null;
        int semicolon = type.indexOf(';');
        return (semicolon >= 0 ? type.substring(0, semicolon) : type).trim().toLowerCase(Locale.ROOT);
    }
}
