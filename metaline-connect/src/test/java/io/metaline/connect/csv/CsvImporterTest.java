package io.metaline.connect.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The import report of an MES export: which rows are accepted, and every rejected row with its column and reason. */
class CsvImporterTest {
    private static final CsvSchema SCHEMA = new CsvSchema("Product", "product", "Time", List.of(
            new ColumnSpec("MeltTemp_F", "melt_temperature", "°C", 5.0 / 9.0, -32 * 5.0 / 9.0, 200.0, 280.0),
            ColumnSpec.of("Pressure", "injection_pressure", "bar", 400.0, 1600.0),
            ColumnSpec.of("Cost", "cost_per_part", "€", null, null)), ',');

    private static final String EXPORT = String.join("\r\n",
            "\uFEFFTime,Product,MeltTemp_F,Pressure,Operator,Cost",
            "2026-03-01T08:00:00Z,P-100,446,1000,\"Smith, J\",2.5",      // row 2: ok (446 °F = 230 °C)
            "2026-03-01 08:05:00,P-100,450,1010,Lee,2.4",                // row 3: ok, spaced timestamp
            "2026-03-01T08:10:00Z,P-100,,1020,Lee,2.3",                  // row 4: missing value
            "2026-03-01T08:15:00Z,P-100,455,high,Lee,2.2",               // row 5: non-numeric
            "2026-03-01T08:20:00Z,P-200,460,1030,Lee,NaN",               // row 6: NaN
            "2026-03-01T08:25:00Z,P-200,600,1040,Lee,2.1",               // row 7: out of range (315.6 °C)
            "2026-03-01T08:00:00Z,P-100,447,1001,Lee,2.6",               // row 8: duplicate of row 2 (task + time)
            "yesterday,P-200,450,1000,Lee,2.0",                          // row 9: bad timestamp
            "2026-03-01T08:30:00Z,P-200,450,1000",                       // row 10: short row
            "",
            "2026-03-01T08:35:00Z,,450,1000,Lee,2.0",                    // row 12: missing task
            "2026-03-01T08:40:00Z,P-200,452,\"1,050\",Lee,2.0",          // row 13: quoted delimiter: non-numeric
            "2026-03-01T08:45:00Z,P-200,452,1500,\"multi",
            "line note\",1.9");                                          // row 14-15: ok, a quoted line break

    @Test
    void reportsAcceptedAndRejectedRowsWithReasons() {
        ImportReport r = new CsvImporter(SCHEMA).importCsv(EXPORT);
        assertEquals(List.of("product", "timestamp", "melt_temperature", "injection_pressure", "cost_per_part"), r.columns());
        assertEquals(3, r.accepted().size(), r.summary(20));
        assertEquals(12, r.rows());
        assertEquals(List.of(
                "row 4, column 'MeltTemp_F': missing value",
                "row 5, column 'Pressure': non-numeric ('high')",
                "row 6, column 'Cost': NaN ('NaN')",
                "row 7, column 'MeltTemp_F': out of declared range [200.0, 280.0] °C after conversion to 315.555555556 ('600')",
                "row 8: duplicate of row 2 (same task and timestamp)",
                "row 9, column 'Time': not a timestamp (expected ISO-8601, e.g. 2026-03-01T08:15:00Z, or yyyy-MM-dd HH:mm:ss in UTC) ('yesterday')",
                "row 10: has 4 fields, the header has 6",
                "row 12, column 'Product': missing value",
                "row 13, column 'Pressure': non-numeric ('1,050')"),
                r.rejected().stream().map(Rejection::toString).toList());
        assertEquals(9, r.rejectedRows());
        assertEquals(List.of("P-100", "2026-03-01T08:00:00Z", "230", "1000", "2.5"), r.accepted().get(0));
        assertEquals("2026-03-01T08:05:00Z", r.accepted().get(1).get(1));
        assertEquals("P-200", r.accepted().get(2).get(0));
    }

    @Test
    void cleanCsvForUploadHasTheTaskAndNumericColumnsOnly() {
        ImportReport r = new CsvImporter(SCHEMA).importCsv(EXPORT);
        String csv = r.toCsv();
        String[] lines = csv.split("\n");
        assertEquals("product,melt_temperature,injection_pressure,cost_per_part", lines[0]);
        assertEquals(4, lines.length);
        assertEquals("P-100,230,1000,2.5", lines[1]);
        assertTrue(r.toCsv(true).startsWith("product,timestamp,melt_temperature"));
        // What we write parses back to the same rows.
        assertEquals(4, CsvImporter.parse(csv, ',').size());
    }

    @Test
    void withoutTimestampsADuplicateIsTheSameTaskAndValues() {
        CsvSchema s = CsvSchema.of("task", null, List.of(ColumnSpec.of("x", "x", "", null, null), ColumnSpec.of("y", "y", "", null, null)));
        ImportReport r = new CsvImporter(s).importCsv("task;x;y\n".replace(';', ',') + "a,1,2\na,1,3\na,1,2\nb,1,2\n");
        assertEquals(3, r.accepted().size());
        assertEquals(List.of("row 4: duplicate of row 2 (same task and values)"), r.rejected().stream().map(Rejection::toString).toList());
    }

    @Test
    void missingColumnsAreNamedWithTheColumnsThatExist() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CsvImporter(SCHEMA).importCsv("Time,Product,Pressure\n2026-03-01T08:00:00Z,P,1000\n"));
        assertEquals("CSV import: the export has no column [MeltTemp_F, Cost]; its columns are [Time, Product, Pressure]", e.getMessage());
    }

    @Test
    void semicolonExportsAndUnterminatedQuotes() {
        CsvSchema s = new CsvSchema("task", "task", null, List.of(ColumnSpec.of("x", "x", "", 0.0, 10.0)), ';');
        ImportReport r = new CsvImporter(s).importCsv("task;x\na;1.5\nb;-1\n");
        assertEquals(1, r.accepted().size());
        assertEquals("row 3, column 'x': out of declared range [0.0, 10.0] ('-1')", r.rejected().get(0).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CsvImporter(s).importCsv("task;x\n\"a;1\n"));
        assertEquals("CSV import: row 2 has an unterminated quoted field", e.getMessage());
    }
}
