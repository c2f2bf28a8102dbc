package io.metaline.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorArchiveTest {
    @TempDir
    Path dir;

    static final long[] SPECIAL_BITS = {
        0x8000000000000000L, // -0.0
        0x0000000000000000L, // +0.0
        0x0000000000000001L, // smallest subnormal
        0x000fffffffffffffL, // largest subnormal
        0x800ffffffffffffeL, // negative subnormal
        0x7ff0000000000000L, // +inf
        0xfff0000000000000L, // -inf
        0x7ff8000000000000L, // canonical NaN
        0x7ff8000000abcdefL, // quiet NaN with payload
        0xfff8000000000123L, // negative quiet NaN with payload
        0x7fefffffffffffffL, // max value
        0x3ff0000000000001L, // 1 + ulp
    };

    static Params sample() {
        double[] special = new double[SPECIAL_BITS.length];
        for (int i = 0; i < special.length; i++) special[i] = Double.longBitsToDouble(SPECIAL_BITS[i]);
        double[] cube = new double[24];
        for (int i = 0; i < cube.length; i++) cube[i] = Math.sin(i) * Math.pow(10, i - 12);
        return Params.builder()
                .put("z.special", Tensor.vector(special))
                .put("layer0.weight", Tensor.of(cube, 2, 3, 4))
                .put("a.scalar", Tensor.scalar(-1.5))
                .put("empty", Tensor.zeros(0, 3))
                .put("名前.ß", Tensor.of(new double[] {1, 2}, 2, 1))
                .build();
    }

    static Map<String, String> sampleMeta() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("zeta", "last-first");
        m.put("created-by", "MetaLine ✓");
        m.put("empty", "");
        m.put("alpha", "line1\nline2");
        return m;
    }

    static void assertSameBits(Params expected, Params actual) {
        assertEquals(expected.names(), actual.names());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.tensor(i).shape(), actual.tensor(i).shape(), expected.name(i));
            double[] e = expected.tensor(i).toArray(), a = actual.tensor(i).toArray();
            for (int j = 0; j < e.length; j++) {
                assertEquals(Double.doubleToRawLongBits(e[j]), Double.doubleToRawLongBits(a[j]),
                        expected.name(i) + "[" + j + "]");
            }
        }
    }

    @Test
    void bytesRoundTripIsBitForBit() throws IOException {
        TensorArchive.Contents c = TensorArchive.fromBytes(TensorArchive.toBytes(sample(), sampleMeta()));
        assertSameBits(sample(), c.params());
        assertEquals(List.copyOf(sampleMeta().entrySet()), List.copyOf(c.metadata().entrySet())); // order too
        for (int i = 0; i < SPECIAL_BITS.length; i++) {
            assertEquals(SPECIAL_BITS[i], Double.doubleToRawLongBits(c.params().get("z.special").getFlat(i)));
        }
    }

    @Test
    void streamAndFileRoundTrips() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        TensorArchive.write(bos, sample(), sampleMeta());
        assertArrayEquals(TensorArchive.toBytes(sample(), sampleMeta()), bos.toByteArray());
        TensorArchive.Contents s = TensorArchive.read(new ByteArrayInputStream(bos.toByteArray()));
        assertSameBits(sample(), s.params());
        assertEquals(sampleMeta(), s.metadata());

        Path f = dir.resolve("p.mlta");
        TensorArchive.save(f, sample(), sampleMeta());
        assertArrayEquals(bos.toByteArray(), Files.readAllBytes(f));
        TensorArchive.Contents l = TensorArchive.load(f);
        assertSameBits(sample(), l.params());
        assertEquals(sampleMeta(), l.metadata());
    }

    @Test
    void emptyArchive() throws IOException {
        byte[] b = TensorArchive.toBytes(Params.builder().build(), Map.of());
        assertEquals(4 + 4 + 4 + 4 + 4, b.length);
        TensorArchive.Contents c = TensorArchive.fromBytes(b);
        assertEquals(0, c.params().size());
        assertTrue(c.metadata().isEmpty());
    }

    @Test
    void layoutIsAsDocumented() {
        Params p = Params.builder().put("w", Tensor.of(new double[] {1.0, -0.0}, 1, 2)).build();
        byte[] b = TensorArchive.toBytes(p, Map.of("k", "v"));
        ByteBuffer bb = ByteBuffer.wrap(b);
        assertEquals("MLTA", new String(b, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(1, bb.getInt(4)); // version
        assertEquals(1, bb.getInt(8)); // tensors
        assertEquals(1, bb.getInt(12)); // name length
        assertEquals('w', b[16]);
        assertEquals(2, bb.getInt(17)); // rank
        assertEquals(1, bb.getInt(21));
        assertEquals(2, bb.getInt(25));
        assertEquals(Double.doubleToRawLongBits(1.0), bb.getLong(29));
        assertEquals(0x8000000000000000L, bb.getLong(37));
        assertEquals(1, bb.getInt(45)); // metadata entries
        assertEquals(1, bb.getInt(49));
        assertEquals('k', b[53]);
        assertEquals(1, bb.getInt(54));
        assertEquals('v', b[58]);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, 59);
        assertEquals((int) crc.getValue(), bb.getInt(59));
        assertEquals(63, b.length);
    }

    @Test
    void everySingleByteOrBitFlipIsRejected() {
        byte[] good = TensorArchive.toBytes(sample(), sampleMeta());
        for (int pos = 0; pos < good.length; pos++) {
            for (int mask : new int[] {0xFF, 0x01, 0x80, 0x10}) {
                byte[] bad = good.clone();
                bad[pos] ^= (byte) mask;
                ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> TensorArchive.fromBytes(bad),
                        "flip " + mask + " at " + pos);
                String m = e.getMessage();
                assertTrue(m.contains("corrupt") || m.contains("not a MetaLine tensor archive") || m.contains("unsupported"),
                        "flip at " + pos + ": " + m);
            }
        }
    }

    @Test
    void flippedByteInAValueIsReportedAsAChecksumMismatch() throws IOException {
        Path f = dir.resolve("c.mlta");
        TensorArchive.save(f, sample(), sampleMeta());
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x04; // inside layer0.weight's values
        Files.write(f, b);
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> TensorArchive.load(f));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("checksum"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void truncatedArchivesAreRejectedNamingTheOffset() {
        byte[] good = TensorArchive.toBytes(sample(), sampleMeta());
        for (int len = 0; len < good.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(good, len);
            ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> TensorArchive.fromBytes(cut));
            String m = e.getMessage();
            if (len < 4) {
                assertTrue(m.contains("not a MetaLine tensor archive"), m);
            } else {
                assertTrue(m.contains("truncated") && m.contains("byte offset") && m.contains("ends at byte " + len),
                        "length " + len + ": " + m);
            }
        }
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                () -> TensorArchive.fromBytes(java.util.Arrays.copyOf(good, 100)));
        assertTrue(e.getMessage().contains("z.special"), e.getMessage()); // names what was expected
        e = assertThrows(ArchiveFormatException.class,
                () -> TensorArchive.fromBytes(java.util.Arrays.copyOf(good, good.length - 2)));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void wrongMagicAndVersionAreRejected() {
        byte[] zip = {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0};
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> TensorArchive.fromBytes(zip));
        assertTrue(e.getMessage().startsWith("not a MetaLine tensor archive"), e.getMessage());
        byte[] v2 = TensorArchive.toBytes(sample(), Map.of());
        ByteBuffer.wrap(v2).putInt(4, 2);
        e = assertThrows(ArchiveFormatException.class, () -> TensorArchive.fromBytes(v2));
        assertTrue(e.getMessage().contains("unsupported") && e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] good = TensorArchive.toBytes(sample(), Map.of());
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 3);
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> TensorArchive.fromBytes(longer));
        assertTrue(e.getMessage().contains("after the checksum"), e.getMessage());
    }

    /** Builds an archive by hand with a valid checksum, so only the structural checks can reject it. */
    static byte[] handMade(int count, int nameLength, String name, int rank, int[] dims, int valueBytes) {
        ByteBuffer bb = ByteBuffer.allocate(4096);
        bb.put(TensorArchive.MAGIC).putInt(1).putInt(count).putInt(nameLength);
        bb.put(name.getBytes(StandardCharsets.UTF_8)).putInt(rank);
        for (int d : dims) bb.putInt(d);
        bb.put(new byte[valueBytes]);
        bb.putInt(0); // metadata
        int n = bb.position();
        CRC32C crc = new CRC32C();
        crc.update(bb.array(), 0, n);
        bb.putInt((int) crc.getValue());
        return java.util.Arrays.copyOf(bb.array(), bb.position());
    }

    @Test
    void absurdSizesFailCleanlyWithoutHugeAllocations() throws IOException {
        // Sanity: the hand-made layout is valid when consistent.
        TensorArchive.Contents ok = TensorArchive.fromBytes(handMade(1, 1, "w", 2, new int[] {1, 2}, 16));
        assertArrayEquals(new int[] {1, 2}, ok.params().get("w").shape());

        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("negative count", handMade(-1, 1, "w", 1, new int[] {1}, 8));
        bad.put("huge count", handMade(Integer.MAX_VALUE, 1, "w", 1, new int[] {1}, 8));
        bad.put("negative name length", handMade(1, -5, "w", 1, new int[] {1}, 8));
        bad.put("huge name length", handMade(1, Integer.MAX_VALUE, "w", 1, new int[] {1}, 8));
        bad.put("empty name", handMade(1, 0, "", 1, new int[] {1}, 8));
        bad.put("negative rank", handMade(1, 1, "w", -1, new int[] {}, 0));
        bad.put("huge rank", handMade(1, 1, "w", 1_000_000, new int[] {}, 0));
        bad.put("negative dim", handMade(1, 1, "w", 2, new int[] {4, -2}, 0));
        bad.put("dims overflow int", handMade(1, 1, "w", 3, new int[] {1 << 20, 1 << 20, 1 << 20}, 0));
        bad.put("dims overflow long", handMade(1, 1, "w", 4, new int[] {1 << 30, 1 << 30, 1 << 30, 1 << 30}, 0));
        bad.put("max elements, no data", handMade(1, 1, "w", 1, new int[] {Integer.MAX_VALUE}, 0));
        bad.put("invalid utf-8 name", handMade(1, 1, "\u00ff".substring(0, 1), 0, new int[] {}, 8));
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            try {
                TensorArchive.fromBytes(e.getValue());
                fail(e.getKey() + " was accepted");
            } catch (ArchiveFormatException expected) {
                assertTrue(expected.getMessage().contains("byte offset"), e.getKey() + ": " + expected.getMessage());
            }
        }
    }

    @Test
    void duplicateNamesAreRejected() {
        ByteBuffer bb = ByteBuffer.allocate(256);
        bb.put(TensorArchive.MAGIC).putInt(1).putInt(2);
        for (int i = 0; i < 2; i++) bb.putInt(1).put((byte) 'w').putInt(0).putDouble(i);
        bb.putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(bb.array(), 0, bb.position());
        bb.putInt((int) crc.getValue());
        byte[] b = java.util.Arrays.copyOf(bb.array(), bb.position());
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> TensorArchive.fromBytes(b));
        assertTrue(e.getMessage().contains("repeats the name 'w'"), e.getMessage());
    }

    @Test
    void saveReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("model.mlta");
        TensorArchive.save(f, sample(), Map.of("v", "1"));
        Params second = Params.builder().put("only", Tensor.scalar(7)).build();
        TensorArchive.save(f, second, Map.of("v", "2"));
        TensorArchive.Contents c = TensorArchive.load(f);
        assertEquals(List.of("only"), c.params().names());
        assertEquals("2", c.metadata().get("v"));
        // A save that fails validation leaves the previous file intact.
        Params invalidName = Params.builder().put("bad\uD800", Tensor.scalar(1)).build();
        assertThrows(IllegalArgumentException.class, () -> TensorArchive.save(f, invalidName, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> TensorArchive.save(f, second, java.util.Collections.singletonMap("k", null)));
        assertEquals("2", TensorArchive.load(f).metadata().get("v"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("model.mlta"), files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
        assertThrows(IOException.class, () -> TensorArchive.save(dir.resolve("missing/dir/x.mlta"), second, Map.of()));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
