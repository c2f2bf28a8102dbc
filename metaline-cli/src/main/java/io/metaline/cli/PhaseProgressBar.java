package io.metaline.cli;

import io.metaline.cli.bench.PhaseProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** One console progress bar per benchmark phase, on stderr. Thread-safe: steps may come from worker threads. */
final class PhaseProgressBar implements PhaseProgress, AutoCloseable {
    private final String prefix;
    private ProgressBar bar;

    /** {@code prefix} goes before each phase's name in the bar's title ("" for none). */
    PhaseProgressBar(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public synchronized void phase(String name, long steps) {
        close();
        bar = new ProgressBarBuilder().setTaskName(prefix + name).setStyle(ProgressBarStyle.ASCII).setInitialMax(steps)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    @Override
    public synchronized void step() {
        if (bar != null) bar.step();
    }

    @Override
    public synchronized void close() {
        if (bar != null) bar.close();
        bar = null;
    }
}
