package io.metaline.engine.io;

import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * A MetaLine tensor archive ({@code .mlta}): named tensors in order plus a small string-to-string metadata map,
 * with a trailing checksum. Used for {@link Params}, optimiser state ({@link OptimizerStates}) and other
 * artefacts. Values are stored as raw IEEE-754 bits, so a round trip is bit-for-bit (signed zeros, subnormals,
 * infinities and NaN payloads included).
 *
 * <h2>Layout (format version 1)</h2>
 *
 * All integers are big-endian two's-complement {@code int32}; strings are UTF-8 (no BOM, no terminator).
 *
 * <pre>
 * offset  size   field
 * 0       4      magic: the ASCII bytes "MLTA" (0x4D 0x4C 0x54 0x41)
 * 4       4      format version: 1
 * 8       4      tensor count T (&gt;= 0)
 *                then T tensors, in order, each:
 *   +0    4        name length L in bytes (&gt;= 1)
 *   +4    L        name (UTF-8; names are unique within the archive)
 *   +4+L  4        rank R (0..{@value #MAX_RANK})
 *   +8+L  4*R      dimensions, outermost first (each &gt;= 0); element count n = product (1 for rank 0),
 *                  at most 2^31-1
 *   ...   8*n      values in row-major order, each the 8 bytes of Double.doubleToRawLongBits, big-endian
 * then    4      metadata count M (&gt;= 0)
 *                then M entries, in order, each:
 *   +0    4        key length K (&gt;= 1), then K bytes of key (UTF-8; keys are unique)
 *   ...   4        value length V (&gt;= 0), then V bytes of value (UTF-8)
 * last    4      CRC32C (Castagnoli, as java.util.zip.CRC32C) of every preceding byte, as an unsigned int32
 * </pre>
 *
 * Nothing may follow the checksum. A whole archive is at most {@value #MAX_ARCHIVE_BYTES} bytes (a Java array).
 *
 * <h2>Reading</h2>
 *
 * Every declared length is checked against the bytes actually present before anything is allocated, so a
 * corrupt or hostile file fails with an {@link ArchiveFormatException}, never an {@code OutOfMemoryError}. The
 * message says what is wrong: "not a MetaLine tensor archive" (wrong magic), an unsupported version, a
 * truncation (with the byte offset and the field expected there), a checksum mismatch ("corrupt"), or an invalid
 * field (negative rank, dimensions overflowing, duplicate names, invalid UTF-8).
 *
 * <h2>Writing</h2>
 *
 * {@link #save} writes to a new temporary file in the target's directory, forces it to disk, then atomically
 * renames it over the target (and forces the directory where the platform allows), so the target is always
 * either the old complete file or the new complete file.
 */
public final class TensorArchive {
    private TensorArchive() {}

    /** The magic bytes "MLTA". */
    public static final byte[] MAGIC = {'M', 'L', 'T', 'A'};
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;
    /** The largest accepted rank. */
    public static final int MAX_RANK = 32;
    /** The largest archive in bytes (the largest Java byte array). */
    public static final int MAX_ARCHIVE_BYTES = Integer.MAX_VALUE - 8;
    /** The conventional file extension. */
    public static final String EXTENSION = ".mlta";

    /**
     * The contents of an archive.
     *
     * @param params   the tensors, by name, in archive order (plain constants, not gradient leaves)
     * @param metadata the metadata in archive order (unmodifiable)
     */
    public record Contents(Params params, Map<String, String> metadata) {
        public Contents {
            if (params == null) throw new IllegalArgumentException("TensorArchive.Contents: params is null");
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code params} and {@code metadata} to {@code path} atomically (see the class comment); an existing
     * file is replaced. The parent directory must exist.
     */
    public static void save(Path path, Params params, Map<String, String> metadata) throws IOException {
        Encoded enc = encode(params, metadata); // validate before touching the file system
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = createTemp(dir, target.getFileName().toString());
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream os = Channels.newOutputStream(ch);
                writeEncoded(os, enc);
                os.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // make the rename durable; not supported on every platform
        } catch (IOException | UnsupportedOperationException ignored) {
            // The file itself is complete and synced; only the rename's durability is best effort here.
        }
    }

    /** Writes an archive to {@code out} (buffered internally; flushed, not closed). */
    public static void write(OutputStream out, Params params, Map<String, String> metadata) throws IOException {
        writeEncoded(out, encode(params, metadata));
    }

    /** The archive as bytes. */
    public static byte[] toBytes(Params params, Map<String, String> metadata) {
        Encoded enc = encode(params, metadata);
        ByteArrayOutputStream bos = new ByteArrayOutputStream((int) enc.totalBytes);
        try {
            writeEncoded(bos, enc);
        } catch (IOException e) {
            throw new AssertionError("ByteArrayOutputStream does not throw", e);
        }
        return bos.toByteArray();
    }

    /** Names and metadata encoded and validated up front, with the exact archive size. */
    private record Encoded(Params params, byte[][] names, byte[][] keys, byte[][] values, long totalBytes) {}

    private static Encoded encode(Params params, Map<String, String> metadata) {
        if (params == null) throw new IllegalArgumentException("TensorArchive: params is null");
        if (metadata == null) metadata = Map.of();
        long total = 4 + 4 + 4 + 4 + 4; // magic, version, T, M, checksum
        byte[][] names = new byte[params.size()][];
        for (int i = 0; i < names.length; i++) {
            Tensor t = params.tensor(i);
            names[i] = utf8(params.name(i), "tensor name");
            if (t.rank() > MAX_RANK) {
                throw new IllegalArgumentException("TensorArchive: tensor '" + params.name(i) + "' has rank " + t.rank()
                        + "; at most " + MAX_RANK + " is supported");
            }
            total += 4 + names[i].length + 4 + 4L * t.rank() + 8L * t.size();
        }
        byte[][] keys = new byte[metadata.size()][], values = new byte[metadata.size()][];
        int k = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) throw new IllegalArgumentException("TensorArchive: empty metadata key");
            if (e.getValue() == null) throw new IllegalArgumentException("TensorArchive: metadata '" + e.getKey() + "' is null");
            keys[k] = utf8(e.getKey(), "metadata key");
            values[k] = utf8(e.getValue(), "metadata value of '" + e.getKey() + "'");
            total += 8 + keys[k].length + values[k].length;
            k++;
        }
        if (total > MAX_ARCHIVE_BYTES) {
            throw new IllegalArgumentException("TensorArchive: the archive would be " + total + " bytes; at most "
                    + MAX_ARCHIVE_BYTES + " are supported");
        }
        return new Encoded(params, names, keys, values, total);
    }

    private static byte[] utf8(String s, String what) {
        try {
            ByteBuffer bb = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
            return Arrays.copyOfRange(bb.array(), bb.arrayOffset() + bb.position(), bb.arrayOffset() + bb.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("TensorArchive: " + what + " '" + s + "' is not valid Unicode (unpaired surrogate)");
        }
    }

    private static void writeEncoded(OutputStream target, Encoded enc) throws IOException {
        CRC32C crc = new CRC32C();
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(target, crc), 1 << 16));
        out.write(MAGIC);
        out.writeInt(VERSION);
        Params params = enc.params;
        out.writeInt(params.size());
        byte[] chunk = new byte[8192];
        ByteBuffer bb = ByteBuffer.wrap(chunk);
        for (int i = 0; i < params.size(); i++) {
            Tensor t = params.tensor(i);
            out.writeInt(enc.names[i].length);
            out.write(enc.names[i]);
            out.writeInt(t.rank());
            for (int d = 0; d < t.rank(); d++) out.writeInt(t.dim(d));
            for (int j = 0, n = t.size(); j < n; j++) {
                bb.putLong(Double.doubleToRawLongBits(t.getFlat(j)));
                if (!bb.hasRemaining()) {
                    out.write(chunk, 0, bb.position());
                    bb.clear();
                }
            }
            out.write(chunk, 0, bb.position());
            bb.clear();
        }
        out.writeInt(enc.keys.length);
        for (int k = 0; k < enc.keys.length; k++) {
            out.writeInt(enc.keys[k].length);
            out.write(enc.keys[k]);
            out.writeInt(enc.values[k].length);
            out.write(enc.values[k]);
        }
        out.flush(); // everything so far has passed through the checksum
        int sum = (int) crc.getValue();
        target.write(new byte[] {(byte) (sum >>> 24), (byte) (sum >>> 16), (byte) (sum >>> 8), (byte) sum});
        target.flush();
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads the archive at {@code path}. */
    public static Contents load(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_ARCHIVE_BYTES) {
            throw new ArchiveFormatException(path + ": " + size + " bytes is larger than any MetaLine tensor archive (at most "
                    + MAX_ARCHIVE_BYTES + ")");
        }
        try {
            return fromBytes(Files.readAllBytes(path));
        } catch (ArchiveFormatException e) {
            throw new ArchiveFormatException(path + ": " + e.getMessage());
        }
    }

    /** Reads an archive that is the whole rest of {@code in} (read to its end; not closed). */
    public static Contents read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_ARCHIVE_BYTES);
        if (in.read() != -1) {
            throw new ArchiveFormatException("the stream holds more than " + MAX_ARCHIVE_BYTES
                    + " bytes, more than any MetaLine tensor archive");
        }
        return fromBytes(bytes);
    }

    /** Parses a complete archive. */
    public static Contents fromBytes(byte[] bytes) throws ArchiveFormatException {
        return new Reader(bytes).read();
    }

    /** Parses the structure first (bounds-checked), then verifies the checksum, then decodes. */
    private static final class Reader {
        private final byte[] b;
        private final ByteBuffer buf;
        private int pos;

        private record Entry(String name, int[] shape, int size, int valuesAt) {}

        Reader(byte[] bytes) {
            this.b = bytes;
            this.buf = ByteBuffer.wrap(bytes); // big-endian
        }

        Contents read() throws ArchiveFormatException {
            if (b.length < MAGIC.length || !Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw new ArchiveFormatException("not a MetaLine tensor archive: "
                        + (b.length < MAGIC.length ? "only " + b.length + " bytes, too short for the magic \"MLTA\""
                        : "the first bytes are " + hex(0, MAGIC.length) + ", expected \"MLTA\" (4D 4C 54 41)"));
            }
            pos = MAGIC.length;
            int version = readInt("the format version");
            if (version != VERSION) {
                throw new ArchiveFormatException("unsupported MetaLine tensor archive version " + version
                        + " (this build reads version " + VERSION + ")" + (version > VERSION ? "; written by a newer MetaLine, or corrupt" : ""));
            }

            int countAt = pos;
            int count = readInt("the tensor count");
            // Each tensor needs at least 8 bytes (name length and rank), which bounds the count by what is present.
            if (count < 0 || count > remaining() / 8) {
                throw count < 0 ? invalid(countAt, "tensor count " + count, "is negative")
                        : truncated(countAt, "tensor count " + count + " needs at least " + 8L * count + " more bytes");
            }
            List<Entry> entries = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < count; i++) {
                int at = pos;
                String name = readString("name of tensor " + i, 1);
                if (!seen.add(name)) throw invalid(at, "tensor " + i, "repeats the name '" + name + "'");
                int rankAt = pos;
                int rank = readInt("the rank of tensor '" + name + "'");
                if (rank < 0 || rank > MAX_RANK) {
                    throw invalid(rankAt, "tensor '" + name + "'", "has rank " + rank + ", outside 0.." + MAX_RANK);
                }
                need(4L * rank, "the " + rank + " dimensions of tensor '" + name + "'");
                int[] shape = new int[rank];
                long n = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = buf.getInt(pos);
                    pos += 4;
                    if (shape[d] < 0) {
                        throw invalid(rankAt + 4 + 4 * d, "tensor '" + name + "'", "has negative dimension " + shape[d]);
                    }
                    n *= shape[d]; // both factors < 2^31 after the check below, so no long overflow
                    if (n > Integer.MAX_VALUE) {
                        throw invalid(rankAt + 4, "tensor '" + name + "'", "has shape " + Arrays.toString(shape)
                                + " (dimensions so far) with more than 2^31-1 elements");
                    }
                }
                need(8 * n, "the " + n + " values of tensor '" + name + "' with shape " + Arrays.toString(shape));
                entries.add(new Entry(name, shape, (int) n, pos));
                pos += (int) (8 * n);
            }

            int metaAt = pos;
            int metaCount = readInt("the metadata count");
            if (metaCount < 0 || metaCount > remaining() / 8) {
                throw metaCount < 0 ? invalid(metaAt, "metadata count " + metaCount, "is negative")
                        : truncated(metaAt, "metadata count " + metaCount + " needs at least " + 8L * metaCount + " more bytes");
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            for (int i = 0; i < metaCount; i++) {
                int at = pos;
                String key = readString("key of metadata entry " + i, 1);
                String value = readString("value of metadata '" + key + "'", 0);
                if (metadata.put(key, value) != null) throw invalid(at, "metadata entry " + i, "repeats the key '" + key + "'");
            }

            int sumAt = pos;
            int stored = readInt("the CRC32C checksum");
            CRC32C crc = new CRC32C();
            crc.update(b, 0, sumAt);
            if ((int) crc.getValue() != stored) {
                throw new ArchiveFormatException(String.format("MetaLine tensor archive is corrupt: checksum mismatch "
                        + "(stored CRC32C %08x at byte offset %d, computed %08x over bytes 0..%d)",
                        stored, sumAt, (int) crc.getValue(), sumAt - 1));
            }
            if (pos != b.length) {
                throw new ArchiveFormatException("MetaLine tensor archive has " + (b.length - pos)
                        + " unexpected bytes after the checksum at byte offset " + pos);
            }

            Params.Builder params = Params.builder();
            for (Entry e : entries) {
                double[] values = new double[e.size];
                buf.position(e.valuesAt);
                buf.asDoubleBuffer().get(values);
                params.put(e.name, Tensor.of(values, e.shape));
            }
            return new Contents(params.build(), metadata);
        }

        private int remaining() {
            return b.length - pos;
        }

        private void need(long bytes, String what) throws ArchiveFormatException {
            if (bytes > remaining()) {
                throw new ArchiveFormatException("MetaLine tensor archive is truncated (or corrupt): expected " + what
                        + " (" + bytes + " bytes) at byte offset " + pos + ", but the data ends at byte " + b.length
                        + " (" + remaining() + " bytes remain)");
            }
        }

        private int readInt(String what) throws ArchiveFormatException {
            need(4, what);
            int v = buf.getInt(pos);
            pos += 4;
            return v;
        }

        /** A length-prefixed UTF-8 string of at least {@code minLength} bytes. */
        private String readString(String what, int minLength) throws ArchiveFormatException {
            int at = pos;
            int len = readInt("the length of the " + what);
            if (len < minLength) {
                throw invalid(at, "the " + what, "has length " + len + " (at least " + minLength + " required)");
            }
            need(len, "the " + what);
            try {
                String s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b, pos, len)).toString();
                pos += len;
                return s;
            } catch (CharacterCodingException e) {
                throw invalid(pos, "the " + what, "is not valid UTF-8");
            }
        }

        private ArchiveFormatException truncated(int offset, String problem) {
            return new ArchiveFormatException("MetaLine tensor archive is truncated (or corrupt): the " + problem
                    + " (declared at byte offset " + offset + "), but the data ends at byte " + b.length + " ("
                    + remaining() + " bytes remain)");
        }

        private ArchiveFormatException invalid(int offset, String what, String problem) {
            return new ArchiveFormatException("invalid or corrupt MetaLine tensor archive: " + what
                    + " at byte offset " + offset + " " + problem);
        }

        private String hex(int from, int to) {
            StringBuilder sb = new StringBuilder();
            for (int i = from; i < to; i++) sb.append(i > from ? " " : "").append(String.format("%02X", b[i] & 0xff));
            return sb.toString();
        }
    }
}
