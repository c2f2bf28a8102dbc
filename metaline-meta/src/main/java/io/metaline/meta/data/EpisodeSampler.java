package io.metaline.meta.data;

import io.metaline.engine.Rng;
import io.metaline.engine.Tensor;
import io.metaline.meta.Examples;
import io.metaline.meta.Task;
import io.metaline.meta.TaskDistribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * N-way K-shot episodes from a labelled data set, for few-shot classification. Each {@linkplain #sample(Rng) draw}
 * picks N classes at random from the allowed ones, then K support and Q query examples of each (all distinct), and
 * relabels the chosen classes 0..N-1 in the (random) order they were picked. Support and query sets are ordered class
 * by class.
 *
 * <p>Hold classes out for testing by restricting the training sampler ({@link #withoutClasses}) and giving the test
 * sampler only the held-out ones ({@link #withClasses}): a class that is not allowed never appears in an episode.
 *
 * <pre>{@code
 * EpisodeSampler all = EpisodeSampler.fromOneHot(table, faultColumns).standardized();
 * TaskDistribution train = all.withoutClasses(List.of("Stains", "Dirtiness")).episodes(3, 5, 15);
 * TaskDistribution test = all.withClasses(List.of("Stains", "Dirtiness")).episodes(2, 5, 15);
 * }</pre>
 *
 * <p>Immutable: the {@code with...}, {@link #episodes} and {@link #standardized} methods return new samplers sharing
 * the data. Configure the episode size with {@link #episodes} before sampling.
 */
public final class EpisodeSampler implements TaskDistribution {
    private final String source;
    private final Tensor features;
    private final int[] labels;
    private final List<String> classNames;
    private final int[][] members; // [class] rows of that class, in data order
    private final int[] allowed; // class indices that may appear, ascending
    private final int ways;
    private final int shots;
    private final int queries;

    private EpisodeSampler(String source, Tensor features, int[] labels, List<String> classNames, int[][] members,
                           int[] allowed, int ways, int shots, int queries) {
        this.source = source;
        this.features = features;
        this.labels = labels;
        this.classNames = classNames;
        this.members = members;
        this.allowed = allowed;
        this.ways = ways;
        this.shots = shots;
        this.queries = queries;
        if (ways > 0) validateEpisodes();
    }

    // ---------------------------------------------------------------- factories

    /** Examples {@code features [n, ...]} with labels 0..C-1 named "0", "1", ... (C = largest label + 1). */
    public static EpisodeSampler of(Tensor features, int[] labels) {
        int max = -1;
        for (int l : labels) max = Math.max(max, l);
        List<String> names = new ArrayList<>();
        for (int c = 0; c <= max; c++) names.add(Integer.toString(c));
        return of(features, labels, names);
    }

    /** Examples {@code features [n, ...]} with labels indexing {@code classNames}. */
    public static EpisodeSampler of(Tensor features, int[] labels, List<String> classNames) {
        return create("data", features, labels, classNames);
    }

    /**
     * Examples from a table whose {@code labelColumn} holds each row's class (any text); every other column is a
     * feature and must be numeric. Classes are numbered in order of first appearance.
     */
    public static EpisodeSampler fromLabelColumn(CsvTable table, String labelColumn) {
        return fromLabelColumn(table, labelColumn, null);
    }

    /**
     * Examples from a table whose {@code labelColumn} holds each row's class, with the given numeric feature columns
     * (null or empty: all other columns).
     */
    public static EpisodeSampler fromLabelColumn(CsvTable table, String labelColumn, List<String> featureColumns) {
        String src = table.source();
        if (!table.hasColumn(labelColumn)) {
            throw new DataException(src + ": " + Names.unknown("label column", labelColumn, table.columns(), "columns"));
        }
        List<String> feats = featureColumns(table, List.of(labelColumn), featureColumns);
        String[] text = table.strings(labelColumn);
        Map<String, Integer> ids = new LinkedHashMap<>();
        int[] labels = new int[text.length];
        for (int r = 0; r < text.length; r++) {
            if (text[r].isEmpty()) {
                throw new DataException(src + ": " + table.where(labelColumn, r) + ": the label is missing (empty cell)");
            }
            labels[r] = ids.computeIfAbsent(text[r], k -> ids.size());
        }
        return create(src, table.matrix(feats), labels, new ArrayList<>(ids.keySet()));
    }

    /**
     * Examples from a table with one 0/1 column per class (like the steel plates faults file): each row must have
     * exactly one of {@code labelColumns} set to 1; the class is that column's name. All other columns are features
     * and must be numeric.
     */
    public static EpisodeSampler fromOneHot(CsvTable table, List<String> labelColumns) {
        return fromOneHot(table, labelColumns, null);
    }

    /** As {@link #fromOneHot(CsvTable, List)} with the given feature columns (null or empty: all other columns). */
    public static EpisodeSampler fromOneHot(CsvTable table, List<String> labelColumns, List<String> featureColumns) {
        String src = table.source();
        if (labelColumns.size() < 2) {
            throw new DataException(src + ": one-hot labels need at least 2 label columns, got " + labelColumns.size());
        }
        Set<String> seen = new HashSet<>();
        for (String c : labelColumns) {
            if (!table.hasColumn(c)) {
                throw new DataException(src + ": " + Names.unknown("label column", c, table.columns(), "columns"));
            }
            if (!seen.add(c)) throw new DataException(src + ": label column '" + c + "' is listed twice");
        }
        List<String> feats = featureColumns(table, labelColumns, featureColumns);
        int n = table.rowCount();
        double[][] hot = new double[labelColumns.size()][];
        for (int c = 0; c < hot.length; c++) {
            String name = labelColumns.get(c);
            hot[c] = table.doubles(name);
            for (int r = 0; r < n; r++) {
                if (hot[c][r] != 0 && hot[c][r] != 1) {
                    throw new DataException(src + ": " + table.where(name, r) + ": '" + table.value(r, name)
                            + "' is neither 0 nor 1; one-hot label columns hold only 0 and 1");
                }
            }
        }
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            List<String> set = new ArrayList<>();
            for (int c = 0; c < hot.length; c++) {
                if (hot[c][r] == 1) {
                    set.add(labelColumns.get(c));
                    labels[r] = c;
                }
            }
            if (set.size() != 1) {
                throw new DataException(src + ": " + table.where(r) + " has "
                        + (set.isEmpty() ? "none of the label columns set to 1" : set.size()
                        + " label columns set to 1 (" + Names.list(set) + ")")
                        + "; each row needs exactly one of " + Names.list(labelColumns));
            }
        }
        return create(src, table.matrix(feats), labels, labelColumns);
    }

    private static List<String> featureColumns(CsvTable table, List<String> labelColumns, List<String> given) {
        if (given != null && !given.isEmpty()) {
            for (String c : given) {
                table.columnIndex(c);
                if (labelColumns.contains(c)) {
                    throw new DataException(table.source() + ": label column '" + c + "' is also listed as a feature");
                }
            }
            return given;
        }
        List<String> out = new ArrayList<>();
        for (String c : table.columns()) {
            if (labelColumns.contains(c)) continue;
            if (!table.isNumeric(c)) {
                throw new DataException(table.source() + ": column '" + c + "' is not numeric ("
                        + firstNonNumber(table, c) + "); name the feature columns explicitly to leave it out");
            }
            out.add(c);
        }
        if (out.isEmpty()) throw new DataException(table.source() + ": there are no feature columns besides the labels");
        return out;
    }

    private static String firstNonNumber(CsvTable table, String column) {
        String[] v = table.strings(column);
        for (int r = 0; r < v.length; r++) {
            if (!v[r].isEmpty() && !CsvTable.isNumber(v[r])) return "'" + v[r] + "' in " + table.where(r);
        }
        return "no values";
    }

    private static EpisodeSampler create(String source, Tensor features, int[] labels, List<String> classNames) {
        if (features.rank() < 1) throw new IllegalArgumentException("EpisodeSampler: features need an example axis");
        int n = features.dim(0);
        if (labels.length != n) {
            throw new IllegalArgumentException("EpisodeSampler: " + n + " examples but " + labels.length + " labels");
        }
        List<String> names = List.copyOf(classNames);
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("EpisodeSampler: class names must be unique, got " + names);
        }
        int c = names.size();
        int[] counts = new int[c];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("EpisodeSampler: label " + labels[i] + " of example " + i
                        + " is outside 0.." + (c - 1));
            }
            counts[labels[i]]++;
        }
        int[][] members = new int[c][];
        for (int k = 0; k < c; k++) members[k] = new int[counts[k]];
        int[] fill = new int[c];
        for (int i = 0; i < n; i++) members[labels[i]][fill[labels[i]]++] = i;
        int[] allowed = new int[c];
        for (int k = 0; k < c; k++) allowed[k] = k;
        return new EpisodeSampler(source, features, labels.clone(), names, members, allowed, 0, 0, 0);
    }

    // ---------------------------------------------------------------- configuration

    /**
     * This sampler drawing {@code ways}-way {@code shots}-shot episodes with {@code queries} query examples per class.
     *
     * @throws DataException if fewer than {@code ways} classes are allowed, or an allowed class has fewer than
     *                       {@code shots + queries} examples
     */
    public EpisodeSampler episodes(int ways, int shots, int queries) {
        if (ways < 2) throw new IllegalArgumentException("an episode needs at least 2 classes (N-way), got " + ways);
        if (shots < 1) throw new IllegalArgumentException("K-shot needs at least 1 support example per class, got " + shots);
        if (queries < 0) throw new IllegalArgumentException("the query size must not be negative, got " + queries);
        return new EpisodeSampler(source, features, labels, classNames, members, allowed, ways, shots, queries);
    }

    /** This sampler drawing only from the given classes. */
    public EpisodeSampler withClasses(Collection<String> classes) {
        if (classes.isEmpty()) throw new IllegalArgumentException("withClasses: no classes given");
        Set<Integer> keep = new HashSet<>();
        for (String name : classes) keep.add(classIndex(name));
        return restrict(keep);
    }

    /** This sampler never drawing the given classes (to hold them out for testing). */
    public EpisodeSampler withoutClasses(Collection<String> classes) {
        Set<Integer> drop = new HashSet<>();
        for (String name : classes) drop.add(classIndex(name));
        Set<Integer> keep = new HashSet<>();
        for (int c : allowed) if (!drop.contains(c)) keep.add(c);
        return restrict(keep);
    }

    private EpisodeSampler restrict(Set<Integer> keep) {
        int[] a = keep.stream().mapToInt(Integer::intValue).sorted().toArray();
        if (a.length == 0) throw new DataException(source + ": no classes are left to sample from");
        return new EpisodeSampler(source, features, labels, classNames, members, a, ways, shots, queries);
    }

    /**
     * This sampler with every feature standardised (mean 0, std 1) using the statistics of the allowed classes'
     * examples only, so held-out classes do not leak into them. Features must be {@code [n, d]}; a feature with
     * zero spread is only centred.
     */
    public EpisodeSampler standardized() {
        if (features.rank() != 2) {
            throw new IllegalArgumentException("standardized: features must be [n, d], got " + Arrays.toString(features.shape()));
        }
        int rows = 0;
        for (int c : allowed) rows += members[c].length;
        int[] idx = new int[rows];
        int p = 0;
        for (int c : allowed) for (int r : members[c]) idx[p++] = r;
        List<String> cols = new ArrayList<>();
        for (int j = 0; j < features.dim(1); j++) cols.add("f" + j);
        Scaler s = Scaler.fit(cols, features.indexSelect(0, idx), List.of(), Tensor.zeros(rows, 0));
        return new EpisodeSampler(source, s.transformInputs(features), labels, classNames, members, allowed, ways,
                shots, queries);
    }

    private void validateEpisodes() {
        if (ways > allowed.length) {
            List<String> names = new ArrayList<>();
            for (int c : allowed) names.add(classNames.get(c));
            throw new DataException(source + ": " + ways + "-way episodes need " + ways + " classes, but only "
                    + allowed.length + " are available: " + Names.list(names));
        }
        for (int c : allowed) {
            if (members[c].length < shots + queries) {
                throw new DataException(source + ": class '" + classNames.get(c) + "' has " + members[c].length
                        + " example" + (members[c].length == 1 ? "" : "s") + "; " + shots + "-shot with " + queries
                        + " query needs " + (shots + queries));
            }
        }
    }

    private int classIndex(String name) {
        int c = classNames.indexOf(name);
        if (c < 0) throw new DataException(source + ": " + Names.unknown("class", name, classNames, "classes"));
        return c;
    }

    // ---------------------------------------------------------------- sampling

    /** One episode: a classification task with {@code ways * shots} support and {@code ways * queries} query examples. */
    @Override
    public Task sample(Rng rng) {
        if (ways == 0) throw new IllegalStateException("EpisodeSampler: call episodes(ways, shots, queries) before sampling");
        int[] pool = allowed.clone();
        int[] support = new int[ways * shots], query = new int[ways * queries];
        int[] supportLabels = new int[support.length], queryLabels = new int[query.length];
        StringBuilder id = new StringBuilder().append(ways).append("-way ").append(shots).append("-shot [");
        for (int w = 0; w < ways; w++) {
            int j = w + rng.nextInt(pool.length - w);
            int cls = pool[j];
            pool[j] = pool[w];
            pool[w] = cls;
            int[] rows = members[cls].clone();
            for (int i = 0; i < shots + queries; i++) {
                int k = i + rng.nextInt(rows.length - i);
                int t = rows[i];
                rows[i] = rows[k];
                rows[k] = t;
            }
            for (int i = 0; i < shots; i++) {
                support[w * shots + i] = rows[i];
                supportLabels[w * shots + i] = w;
            }
            for (int i = 0; i < queries; i++) {
                query[w * queries + i] = rows[shots + i];
                queryLabels[w * queries + i] = w;
            }
            id.append(w == 0 ? "" : ", ").append(classNames.get(cls));
        }
        id.append(']');
        return new Task(id.toString(), Examples.classification(features.indexSelect(0, support), supportLabels),
                Examples.classification(features.indexSelect(0, query), queryLabels));
    }

    // ---------------------------------------------------------------- accessors

    /** All class names; a label is an index into this list. */
    public List<String> classNames() {
        return classNames;
    }

    /** The classes episodes are drawn from. */
    public List<String> allowedClasses() {
        List<String> out = new ArrayList<>();
        for (int c : allowed) out.add(classNames.get(c));
        return List.copyOf(out);
    }

    /** Examples per class, in class order. */
    public Map<String, Integer> classCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int c = 0; c < classNames.size(); c++) out.put(classNames.get(c), members[c].length);
        return out;
    }

    /** Number of examples (of all classes). */
    public int size() {
        return labels.length;
    }

    /** All examples' features, {@code [n, ...]}. */
    public Tensor features() {
        return features;
    }

    /** All examples' labels (indices into {@link #classNames()}). */
    public int[] labels() {
        return labels.clone();
    }

    public int ways() {
        return ways;
    }

    public int shots() {
        return shots;
    }

    public int queries() {
        return queries;
    }

    @Override
    public String toString() {
        return "EpisodeSampler{" + source + ", " + size() + " examples, " + classNames.size() + " classes ("
                + allowed.length + " allowed)" + (ways > 0 ? ", " + ways + "-way " + shots + "-shot " + queries + " query" : "") + "}";
    }
}
