package io.metaline.cli.bench;

/** Progress of a benchmark that runs in named phases (a family, a database), each a known number of steps. */
public interface PhaseProgress {
    /** A new phase starts; the previous one, if any, is over. */
    void phase(String name, long steps);

    void step();
}
