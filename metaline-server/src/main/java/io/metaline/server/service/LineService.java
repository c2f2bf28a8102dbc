package io.metaline.server.service;

import static io.metaline.server.store.Database.instant;
import static io.metaline.server.store.Database.prepare;
import static io.metaline.server.store.Database.update;

import io.metaline.server.store.Database;
import io.metaline.server.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Line states in the database, one row per (site, line id), replaced by each report. */
final class LineService implements Lines {
    static final Set<String> STATES = Set.of("running", "changeover", "stopped");
    private final Database db;

    LineService(Database db) {
        this.db = db;
    }

    @Override
    public LineState report(Principal who, LineState s) {
        if (s == null) throw new ServiceException.BadInput("line", "a line state is required");
        Validate.name("id", s.id());
        if (s.state() == null || !STATES.contains(s.state())) {
            throw new ServiceException.BadInput("state", "expected one of running, changeover, stopped; got '" + s.state() + "'");
        }
        if (s.cycle() < 0) throw new ServiceException.BadInput("cycle", "must be >= 0, got " + s.cycle());
        Validate.finite("setpoints", s.setpoints());
        Validate.finite("lastOutcomes", s.lastOutcomes());
        LineState stored = new LineState(s.id(), who.site(), s.product(), s.state(), s.studyId(), s.cycle(), s.setpoints(),
                s.lastOutcomes(), Database.now());
        Object[] values = {stored.product(), stored.state(), stored.studyId(), stored.cycle(), Json.write(stored.setpoints()),
                Json.write(stored.lastOutcomes()), stored.updated(), stored.site(), stored.id()};
        for (int attempt = 0; ; attempt++) {
            try {
                db.inTransaction(c -> {
                    int n = update(c, "update lines set product = ?, state = ?, study_id = ?, cycle = ?, setpoints_json = ?,"
                            + " outcomes_json = ?, updated = ? where site = ? and id = ?", values);
                    if (n == 0) {
                        update(c, "insert into lines (product, state, study_id, cycle, setpoints_json, outcomes_json, updated, site, id)"
                                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
                    }
                    return null;
                });
                return stored;
            } catch (StoreException e) {
                // Two first reports of one line at once: the loser updates the winner's row.
                if (attempt > 0 || !Database.isUniqueViolation(e)) throw e;
            }
        }
    }

    @Override
    public List<LineState> list(Principal who) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = prepare(c, "select * from lines where site = ? order by id", who.site());
                 ResultSet rs = ps.executeQuery()) {
                List<LineState> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new LineState(rs.getString("id"), rs.getString("site"), rs.getString("product"), rs.getString("state"),
                            rs.getString("study_id"), rs.getLong("cycle"), Json.doubles(rs.getString("setpoints_json")),
                            Json.doubles(rs.getString("outcomes_json")), instant(rs, "updated")));
                }
                return out;
            }
        });
    }
}
