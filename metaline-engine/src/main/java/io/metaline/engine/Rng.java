package io.metaline.engine;

/**
 * A seeded random number generator whose whole state is one {@code long}, so it can be checkpointed and restored
 * exactly ({@link #state()}, {@link #fromState(long)}).
 *
 * <p>The generator is SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014).
 * {@link #split(long)} derives an independent stream from a key without advancing this one, which is how parallel
 * tasks get reproducible randomness regardless of which thread runs them.
 *
 * <p>Not thread-safe: give each thread its own instance (for example one {@link #split} per task).
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    public Rng(long seed) {
        this.state = mix64(seed);
    }

    private Rng(long rawState, boolean raw) {
        this.state = rawState;
    }

    /** Restores a generator saved with {@link #state()}. */
    public static Rng fromState(long state) {
        return new Rng(state, true);
    }

    /** The complete state: {@code Rng.fromState(r.state())} continues exactly where {@code r} is. */
    public long state() {
        return state;
    }

    /** A new generator for stream {@code key}, independent of this one and of other keys; this one does not advance. */
    public Rng split(long key) {
        return new Rng(mix64(state ^ mix64(key + GOLDEN_GAMMA)), true);
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Uniform in [0, 1), 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform integer in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        long limit = (1L << 32) - ((1L << 32) % bound);
        long r;
        do {
            r = nextLong() >>> 32;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** Standard normal by the Box-Muller transform (one value per call, so the state stays a single long). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
