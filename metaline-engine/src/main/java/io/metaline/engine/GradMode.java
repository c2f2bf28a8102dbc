package io.metaline.engine;

/** Whether operations on this thread record a graph. Per thread, so parallel tasks never see each other's mode. */
final class GradMode {
    private GradMode() {}

    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    static boolean enabled() {
        return ENABLED.get()[0];
    }

    /** Sets the mode and returns the previous one, to be restored in a finally block. */
    static boolean set(boolean on) {
        boolean[] cell = ENABLED.get();
        boolean prev = cell[0];
        cell[0] = on;
        return prev;
    }
}
