package io.metaline.connect.mapping;

import java.util.Locale;

/** The data type a tag carries, as named in a mapping file ({@code "double"}, {@code "int64"}, ...). */
public enum TagType {
    DOUBLE, FLOAT, INT32, INT64, BOOLEAN, STRING;

    /** Whether values of this type are numbers a study can use. */
    public boolean numeric() {
        return this != BOOLEAN && this != STRING;
    }

    /** Whether the type holds only whole numbers. */
    public boolean integral() {
        return this == INT32 || this == INT64;
    }

    /** The lower-case name used in mapping files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code text} (case-insensitive), or null when there is none. */
    public static TagType parse(String text) {
        if (text == null) return null;
        for (TagType t : values()) if (t.label().equalsIgnoreCase(text.trim())) return t;
        return null;
    }

    /** The names allowed in a mapping file, for error messages. */
    public static String allowed() {
        StringBuilder sb = new StringBuilder();
        for (TagType t : values()) sb.append(sb.length() == 0 ? "" : ", ").append(t.label());
        return sb.toString();
    }
}
