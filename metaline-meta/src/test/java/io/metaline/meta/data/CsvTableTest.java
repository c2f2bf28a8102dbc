package io.metaline.meta.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.Tensor;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static DataException fails(String text) {
        return assertThrows(DataException.class, () -> CsvTable.parse(text));
    }

    private static void assertContains(String expected, String message) {
        assertTrue(message.contains(expected), () -> "expected message to contain\n  " + expected + "\nbut was\n  " + message);
    }

    // ---------------------------------------------------------------- parsing

    @Test
    void readsColumnsAndInfersNumericColumns() {
        CsvTable t = CsvTable.parse("product,temp,count\nA,1.5,3\nB,-2e3,4\n");
        assertEquals(List.of("product", "temp", "count"), t.columns());
        assertEquals(2, t.rowCount());
        assertEquals(',', t.delimiter());
        assertFalse(t.isNumeric("product"));
        assertTrue(t.isNumeric("temp"));
        assertArrayEquals(new double[] {1.5, -2000}, t.doubles("temp"));
        assertArrayEquals(new String[] {"A", "B"}, t.strings("product"));
        assertEquals(List.of("temp", "count"), t.numericColumns());
        Tensor m = t.matrix(List.of("temp", "count"));
        assertArrayEquals(new int[] {2, 2}, m.shape());
        assertArrayEquals(new double[] {1.5, 3, -2000, 4}, m.toArray());
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() {
        CsvTable t = CsvTable.parse("name,note,v\n\"Smith, J\",\"said \"\"hi\"\"\",1\n\"multi\nline\",\"\",2\nplain,x,3\n");
        assertEquals(3, t.rowCount());
        assertEquals("Smith, J", t.value(0, "name"));
        assertEquals("said \"hi\"", t.value(0, "note"));
        assertEquals("multi\nline", t.value(1, "name"));
        assertEquals("", t.value(1, "note"));
        assertTrue(t.isMissing(1, "note"));
        // the quoted line break moves the next row one line down
        assertEquals(2, t.lineOf(0));
        assertEquals(3, t.lineOf(1));
        assertEquals(5, t.lineOf(2));
        assertEquals("row 3 (line 5)", t.where(2));
    }

    @Test
    void quotedNumbersAreNumbers() {
        CsvTable t = CsvTable.parse("a,b\n\"1\",\" 2 \"\n");
        assertArrayEquals(new double[] {1}, t.doubles("a"));
        assertEquals(" 2 ", t.value(0, "b")); // spaces inside quotes are kept
        assertFalse(t.isNumeric("b"));
    }

    @Test
    void crlfLoneCrAndTrailingNewlineAreAllTheSame() {
        CsvTable lf = CsvTable.parse("a,b\n1,2\n3,4\n");
        for (String text : List.of("a,b\r\n1,2\r\n3,4\r\n", "a,b\r\n1,2\r\n3,4", "a,b\n1,2\n3,4", "a,b\r1,2\r3,4\r",
                "a,b\n1,2\n3,4\n\n\n")) {
            CsvTable t = CsvTable.parse(text);
            assertEquals(lf.columns(), t.columns(), text);
            assertEquals(2, t.rowCount(), text);
            assertArrayEquals(lf.doubles("b"), t.doubles("b"), text);
            assertEquals("2", t.value(0, "b"), "no stray carriage return: " + text);
        }
    }

    @Test
    void emptyLinesAreSkippedButCounted() {
        CsvTable t = CsvTable.parse("a,b\n1,2\n\n\r\n3,4\n");
        assertEquals(2, t.rowCount());
        assertEquals(5, t.lineOf(1));
    }

    @Test
    void detectsTabAndSemicolonFromTheHeader() {
        CsvTable tab = CsvTable.parse("Product ID\tAir temperature [K]\tnote\nM1\t298.1\ta, b\n");
        assertEquals('\t', tab.delimiter());
        assertEquals(List.of("Product ID", "Air temperature [K]", "note"), tab.columns());
        assertEquals("a, b", tab.value(0, "note"));
        assertArrayEquals(new double[] {298.1}, tab.doubles("Air temperature [K]"));

        CsvTable semi = CsvTable.parse("a;b;c\n1,5;2;x\n");
        assertEquals(';', semi.delimiter());
        assertEquals("1,5", semi.value(0, "a"));
        assertFalse(semi.isNumeric("a")); // decimal commas are not numbers

        CsvTable quotedCommas = CsvTable.parse("\"x,y\"\t\"p,q\"\n1\t2\n");
        assertEquals('\t', quotedCommas.delimiter(), "commas inside quotes do not count");

        CsvTable single = CsvTable.parse("value\n1\n2\n");
        assertEquals(List.of("value"), single.columns());
        assertEquals(2, single.rowCount());
    }

    @Test
    void explicitDelimiterWins() {
        CsvTable t = CsvTable.read(new StringReader("a,b|c\n1,2|3\n"), "upload", CsvOptions.defaults().withDelimiter('|'));
        assertEquals(List.of("a,b", "c"), t.columns());
        assertEquals("1,2", t.value(0, "a,b"));
    }

    @Test
    void trimsWhitespaceAroundUnquotedFieldsAndQuotes() {
        CsvTable t = CsvTable.parse(" a , b ,c\n  1 ,\t x y \t, \"q\" \n");
        assertEquals(List.of("a", "b", "c"), t.columns());
        assertArrayEquals(new double[] {1}, t.doubles("a"));
        assertEquals("x y", t.value(0, "b"));
        assertEquals("q", t.value(0, "c"));
        // with TAB as the delimiter, TABs are not trimmed away: an empty field stays a field
        CsvTable tab = CsvTable.parse("a\tb\tc\n1\t\t3\n");
        assertTrue(tab.isMissing(0, "b"));
    }

    @Test
    void byteOrderMarkIsIgnored() throws IOException {
        Path p = dir.resolve("bom.csv");
        byte[] body = "id,v\n1,2\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        Files.write(p, bytes);
        CsvTable t = CsvTable.read(p);
        assertEquals(List.of("id", "v"), t.columns());
        assertTrue(t.hasColumn("id"));
        assertEquals(p.toString(), t.source());
    }

    @Test
    void readsFromAReaderWithAName() {
        CsvTable t = CsvTable.read(new StringReader("x\n1\n"), "upload.csv", CsvOptions.defaults());
        assertEquals("upload.csv", t.source());
        DataException e = assertThrows(DataException.class, () -> t.columnIndex("y"));
        assertContains("upload.csv: no column 'y'", e.getMessage());
    }

    @Test
    void headerOnlyGivesAnEmptyTable() {
        CsvTable t = CsvTable.parse("a,b\n");
        assertEquals(0, t.rowCount());
        assertEquals(2, t.columnCount());
    }

    @Test
    void numberSyntax() {
        for (String s : List.of("1", "-1", "+1", "1.", ".5", "-.5", "1e5", "1E-5", "2.5e+3", "NaN", "-Infinity", "inf")) {
            assertTrue(CsvTable.isNumber(s), s);
        }
        for (String s : List.of("", "-", ".", "e5", "1e", "1d", "1f", "0x10", "1,5", "1 000", "12abc", "--1", "nanx")) {
            assertFalse(CsvTable.isNumber(s), s);
        }
    }

    // ---------------------------------------------------------------- errors

    @Test
    void fileNotFound() {
        Path missing = dir.resolve("nope.csv");
        DataException e = assertThrows(DataException.class, () -> CsvTable.read(missing));
        assertEquals("file not found: " + missing, e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        Path p = write("empty.csv", "");
        DataException e = assertThrows(DataException.class, () -> CsvTable.read(p));
        assertContains(p + " is empty", e.getMessage());
        assertContains("is empty", fails("\n\r\n  \n").getMessage());
        assertContains("is empty", fails("\uFEFF").getMessage());
    }

    @Test
    void duplicateAndEmptyHeaderNames() {
        assertContains("names column 'temp' twice (columns 2 and 4)", fails("id,temp,x,temp\n1,2,3,4\n").getMessage());
        assertContains("column 2 of the header (line 1) has no name", fails("id,,x\n1,2,3\n").getMessage());
        assertContains("column 3 of the header (line 1) has no name", fails("id,x,\n1,2,3\n").getMessage());
    }

    @Test
    void wrongNumberOfFieldsNamesRowAndLine() {
        StringBuilder sb = new StringBuilder("a,b,c,d,e,f\n");
        for (int i = 1; i <= 16; i++) sb.append("1,2,3,4,5,6\n");
        sb.append("1,2,3,4,5\n");
        String m = fails(sb.toString()).getMessage();
        assertContains("row 17 has 5 fields, the header has 6", m);
        assertContains("(line 18)", m);
        String more = fails("a,b\n1,2\nx,1,5\n").getMessage();
        assertContains("row 2 has 3 fields, the header has 2 (line 3)", more);
        assertContains("must be quoted", more);
    }

    @Test
    void nonNumericValueInANumericColumn() {
        StringBuilder sb = new StringBuilder("id,temperature\n");
        for (int i = 1; i <= 41; i++) sb.append(i).append(',').append(20 + i).append('\n');
        sb.append("42,abc\n");
        CsvTable t = CsvTable.parse(sb.toString());
        assertFalse(t.isNumeric("temperature"));
        DataException e = assertThrows(DataException.class, () -> t.doubles("temperature"));
        assertEquals("input: column 'temperature', row 42 (line 43): 'abc' is not a number", e.getMessage());
    }

    @Test
    void missingValueNamesTheRow() {
        CsvTable t = CsvTable.parse("a,b\n1,2\n3,\n");
        assertTrue(t.isNumeric("b"));
        DataException e = assertThrows(DataException.class, () -> t.doubles("b"));
        assertContains("column 'b', row 2 (line 3): the value is missing (empty cell)", e.getMessage());
    }

    @Test
    void nonFiniteValuesRejectedUnlessAllowed() {
        String text = "a,b\n1,NaN\n2,-Infinity\n";
        CsvTable strict = CsvTable.parse(text);
        assertTrue(strict.isNumeric("b"));
        DataException e = assertThrows(DataException.class, () -> strict.doubles("b"));
        assertContains("column 'b', row 1 (line 2): 'NaN' is not a finite number", e.getMessage());
        CsvTable lenient = CsvTable.read(new StringReader(text), "x", CsvOptions.defaults().withAllowNonFinite(true));
        double[] b = lenient.doubles("b");
        assertTrue(Double.isNaN(b[0]));
        assertEquals(Double.NEGATIVE_INFINITY, b[1]);
    }

    @Test
    void unknownColumnListsColumnsAndSuggests() {
        CsvTable t = CsvTable.parse("product,temperature,speed\nA,1,2\n");
        String m = assertThrows(DataException.class, () -> t.doubles("prodct")).getMessage();
        assertEquals("input: no column 'prodct'; did you mean 'product'? columns are: 'product', 'temperature', 'speed'", m);
        String m2 = assertThrows(DataException.class, () -> t.strings("Speed")).getMessage();
        assertContains("did you mean 'speed'?", m2);
        String far = assertThrows(DataException.class, () -> t.columnIndex("weight")).getMessage();
        assertEquals("input: no column 'weight'; columns are: 'product', 'temperature', 'speed'", far);
    }

    @Test
    void quotingErrors() {
        assertContains("row 1, field 2: the quote opened on line 2 is never closed", fails("a,b\n1,\"open\n2,3\n").getMessage());
        assertContains("row 1 (line 2), field 1: unexpected 'x' after the closing quote", fails("a,b\n\"q\"x,1\n").getMessage());
    }

    @Test
    void rowAndSizeLimits() throws IOException {
        String text = "a\n1\n2\n3\n";
        CsvOptions two = CsvOptions.defaults().withMaxRows(2);
        String m = assertThrows(DataException.class, () -> CsvTable.read(new StringReader(text), "big", two)).getMessage();
        assertEquals("big: more than 2 data rows, the limit; raise maxRows to read more", m);
        assertEquals(3, CsvTable.read(new StringReader(text), "ok", CsvOptions.defaults().withMaxRows(3)).rowCount());

        Path p = write("big.csv", text);
        String bytes = assertThrows(DataException.class, () -> CsvTable.read(p, CsvOptions.defaults().withMaxBytes(5)))
                .getMessage();
        assertContains("the file has 8 bytes, more than the limit of 5 bytes", bytes);
        String chars = assertThrows(DataException.class,
                () -> CsvTable.read(new StringReader(text), "up", CsvOptions.defaults().withMaxBytes(5))).getMessage();
        assertContains("up: the input is larger than the limit of 5 characters", chars);
    }

    @Test
    void notUtf8() throws IOException {
        Path p = dir.resolve("latin1.csv");
        Files.write(p, new byte[] {'a', '\n', (byte) 0xE9, '\n'});
        assertContains("not UTF-8 text", assertThrows(DataException.class, () -> CsvTable.read(p)).getMessage());
    }
}
