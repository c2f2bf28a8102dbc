package io.metaline.meta.data;

import java.util.Collection;
import java.util.Locale;

/** Helpers for naming things in error messages: quoted lists and "did you mean" suggestions. */
final class Names {
    /** Lists longer than this are cut short in messages. */
    static final int MAX_LISTED = 40;

    private Names() {
    }

    /** {@code 'a', 'b', 'c'}, cut short after {@link #MAX_LISTED} names. */
    static String list(Collection<String> names) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (String n : names) {
            if (i == MAX_LISTED) {
                sb.append(", ... (").append(names.size() - MAX_LISTED).append(" more)");
                break;
            }
            if (i > 0) sb.append(", ");
            sb.append('\'').append(n).append('\'');
            i++;
        }
        return sb.toString();
    }

    /**
     * The candidate closest to {@code name} by case-insensitive edit distance, if it is close enough to be a likely
     * typo (at most a third of the name's length, and at least 1, edits away); else the only candidate containing
     * the name (of 3 or more characters); null otherwise.
     */
    static String closest(String name, Collection<String> candidates) {
        String target = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(target, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(1, target.length() / 3);
        if (best != null && bestDistance <= allowed) return best;
        // otherwise the one candidate that contains the name ("Pastry" for "Pastry_Fault"), if only one does
        String containing = null;
        for (String c : candidates) {
            if (target.length() >= 3 && c.toLowerCase(Locale.ROOT).contains(target)) {
                if (containing != null) return null;
                containing = c;
            }
        }
        return containing;
    }

    /** "no column 'x'; did you mean 'y'? columns are: ..." style message for an unknown name. */
    static String unknown(String what, String name, Collection<String> known, String knownLabel) {
        StringBuilder sb = new StringBuilder("no ").append(what).append(" '").append(name).append('\'');
        String suggestion = closest(name, known);
        if (suggestion != null) sb.append("; did you mean '").append(suggestion).append("'?");
        sb.append(suggestion != null ? " " : "; ").append(knownLabel).append(" are: ").append(list(known));
        return sb.toString();
    }

    /**
     * Edit distance counting insertions, deletions, substitutions and swaps of two neighbouring characters as one
     * edit each (optimal string alignment), so the usual typos ("prodct", "Bumsp") are one edit away.
     */
    static int editDistance(String a, String b) {
        int m = a.length(), n = b.length();
        int[][] d = new int[m + 1][n + 1];
        for (int i = 0; i <= m; i++) d[i][0] = i;
        for (int j = 0; j <= n; j++) d[0][j] = j;
        for (int i = 1; i <= m; i++) {
            for (int j = 1; j <= n; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[m][n];
    }
}
