package io.metaline.server.service;

import static io.metaline.server.store.Database.instant;
import static io.metaline.server.store.Database.prepare;
import static io.metaline.server.store.Database.update;

import io.metaline.meta.data.CsvTable;
import io.metaline.meta.data.DataException;
import io.metaline.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Datasets in the database: validated on the way in, the CSV text kept as uploaded. */
final class DatasetService implements Datasets {
    /** Upload limit: the CSV is held in memory and in one text column. */
    static final int MAX_CHARS = 50_000_000;

    private final Database db;

    DatasetService(Database db) {
        this.db = db;
    }

    /** What a validated CSV holds. */
    record Parsed(CsvTable table, List<String> numericColumns, int tasks) {}

    /** Parses and checks a CSV; BadInput names the row and column of the first problem. */
    static Parsed parse(String taskColumn, String csv) {
        if (csv == null || csv.isBlank()) throw new ServiceException.BadInput("csv", "the body is empty; expected CSV with a header line");
        if (csv.length() > MAX_CHARS) throw new ServiceException.BadInput("csv", "larger than the limit of " + MAX_CHARS + " characters");
        CsvTable table;
        try {
            table = CsvTable.parse(csv);
        } catch (DataException e) {
            throw new ServiceException.BadInput("csv", strip(e.getMessage()));
        }
        if (!table.hasColumn(taskColumn)) {
            throw new ServiceException.BadInput("taskColumn", "no column '" + taskColumn + "' in the CSV; its columns are " + table.columns());
        }
        if (table.rowCount() == 0) throw new ServiceException.BadInput("csv", "no data rows after the header");
        String[] tasks = table.strings(taskColumn);
        Set<String> distinct = new LinkedHashSet<>();
        for (int r = 0; r < tasks.length; r++) {
            if (tasks[r].isBlank()) {
                throw new ServiceException.BadInput("csv", table.where(taskColumn, r) + ": the task is missing (empty cell)");
            }
            distinct.add(tasks[r]);
        }
        if (distinct.size() < 2) {
            throw new ServiceException.BadInput("taskColumn", "column '" + taskColumn + "' names " + distinct.size()
                    + " task " + distinct + "; training needs at least 2 tasks");
        }
        List<String> numeric = new ArrayList<>();
        for (String column : table.columns()) {
            if (column.equals(taskColumn)) continue;
            try {
                table.doubles(column); // names the first empty, non-numeric, NaN or infinite cell
            } catch (DataException e) {
                throw new ServiceException.BadInput("csv", strip(e.getMessage()));
            }
            numeric.add(column);
        }
        if (numeric.isEmpty()) throw new ServiceException.BadInput("csv", "no numeric column besides the task column '" + taskColumn + "'");
        return new Parsed(table, numeric, distinct.size());
    }

    /** Drops the "input: " source prefix of CSV messages (the upload has no file name). */
    private static String strip(String message) {
        return message.startsWith("input: ") ? message.substring("input: ".length()) : message;
    }

    @Override
    public DatasetInfo add(Principal who, String name, String taskColumn, String csv) {
        Validate.name("name", name);
        Validate.name("taskColumn", taskColumn);
        Parsed p = parse(taskColumn, csv);
        DatasetInfo info = new DatasetInfo(Ids.next("ds"), who.site(), name, taskColumn, p.table().rowCount(), p.tasks(),
                p.numericColumns(), who.tokenId(), Database.now());
        db.inTransaction(c -> update(c, "insert into datasets (id, site, name, task_column, row_count, task_count, columns_json, csv,"
                        + " created_by, created) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", info.id(), info.site(), name, taskColumn,
                info.rows(), info.tasks(), Json.write(info.columns()), csv, info.createdBy(), info.created()));
        return info;
    }

    @Override
    public List<DatasetInfo> list(Principal who) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = prepare(c, "select " + COLUMNS + " from datasets where site = ? order by created, id", who.site());
                 ResultSet rs = ps.executeQuery()) {
                List<DatasetInfo> out = new ArrayList<>();
                while (rs.next()) out.add(read(rs));
                return out;
            }
        });
    }

    @Override
    public DatasetInfo get(Principal who, String id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = prepare(c, "select " + COLUMNS + " from datasets where id = ? and site = ?", id, who.site());
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new ServiceException.NotFound("dataset", id);
                return read(rs);
            }
        });
    }

    @Override
    public String csv(Principal who, String id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = prepare(c, "select csv from datasets where id = ? and site = ?", id, who.site());
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new ServiceException.NotFound("dataset", id);
                return rs.getString(1);
            }
        });
    }

    private static final String COLUMNS = "id, site, name, task_column, row_count, task_count, columns_json, created_by, created";

    private static DatasetInfo read(ResultSet rs) throws SQLException {
        return new DatasetInfo(rs.getString("id"), rs.getString("site"), rs.getString("name"), rs.getString("task_column"),
                rs.getInt("row_count"), rs.getInt("task_count"), Json.strings(rs.getString("columns_json")),
                rs.getString("created_by"), instant(rs, "created"));
    }
}
