package io.metaline.server.service;

/** What a token may do: a viewer reads, an operator also runs studies (ask, tell, approve), an admin does everything. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    /** True when this role includes {@code needed} (ADMIN includes OPERATOR includes VIEWER). */
    public boolean allows(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    /** Parses "viewer", "OPERATOR", ... ; BadInput naming {@code field} otherwise. */
    public static Role parse(String field, String text) {
        if (text != null) {
            for (Role r : values()) if (r.name().equalsIgnoreCase(text.trim())) return r;
        }
        throw new ServiceException.BadInput(field, "expected one of viewer, operator, admin; got '" + text + "'");
    }
}
