package io.metaline.server.service;

import static io.metaline.server.store.Database.instant;
import static io.metaline.server.store.Database.prepare;
import static io.metaline.server.store.Database.update;

import io.metaline.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Tokens in the database: the secret's SHA-256 is the lookup key, the secret itself is never stored. */
final class TokenService implements Tokens {
    static final String PREFIX = "mlt_";
    private final Database db;

    TokenService(Database db) {
        this.db = db;
    }

    @Override
    public IssuedToken issue(Role role, String site, String label) {
        if (role == null) throw new ServiceException.BadInput("role", "a role is required (viewer, operator or admin)");
        Validate.name("site", site);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.secret(32));
        TokenInfo info = new TokenInfo(Ids.next("tok"), site, role, label, Database.now(), null);
        db.inTransaction(c -> update(c, "insert into tokens (id, secret_hash, site, role, label, created) values (?, ?, ?, ?, ?, ?)",
                info.id(), hash(secret), site, role.name(), label, info.created()));
        return new IssuedToken(info, secret);
    }

    @Override
    public Optional<Principal> authenticate(String secret) {
        if (secret == null || secret.isBlank()) return Optional.empty();
        String h = hash(secret.trim());
        return db.inTransaction(c -> {
            try (PreparedStatement ps = prepare(c, "select * from tokens where secret_hash = ? and revoked is null", h);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.<Principal>empty();
                TokenInfo t = read(rs);
                return Optional.of(new Principal(t.id(), t.site(), t.role()));
            }
        });
    }

    @Override
    public boolean revoke(String tokenId) {
        return db.inTransaction(c -> {
            update(c, "update tokens set revoked = ? where id = ? and revoked is null", Database.now(), tokenId);
            try (PreparedStatement ps = prepare(c, "select 1 from tokens where id = ?", tokenId); ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    @Override
    public List<TokenInfo> list(String site) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = site == null
                    ? prepare(c, "select * from tokens order by created, id")
                    : prepare(c, "select * from tokens where site = ? order by created, id", site);
                 ResultSet rs = ps.executeQuery()) {
                List<TokenInfo> out = new ArrayList<>();
                while (rs.next()) out.add(read(rs));
                return out;
            }
        });
    }

    @Override
    public Optional<TokenInfo> get(String tokenId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = prepare(c, "select * from tokens where id = ?", tokenId); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.<TokenInfo>empty();
            }
        });
    }

    private static TokenInfo read(ResultSet rs) throws SQLException {
        Instant revoked = instant(rs, "revoked");
        return new TokenInfo(rs.getString("id"), rs.getString("site"), Role.valueOf(rs.getString("role")),
                rs.getString("label"), instant(rs, "created"), revoked);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
