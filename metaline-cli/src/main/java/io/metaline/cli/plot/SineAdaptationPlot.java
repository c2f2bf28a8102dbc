package io.metaline.cli.plot;

import io.metaline.engine.Params;
import io.metaline.engine.Tensor;
import io.metaline.meta.GradOrder;
import io.metaline.meta.MetaLearner;
import io.metaline.meta.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Adapted one-dimensional regressors against the truth, one panel per task: what few-shot adaptation looks like. */
public final class SineAdaptationPlot {
    private SineAdaptationPlot() {}

    /**
     * @param tasks   tasks to show (their support points are drawn)
     * @param truth   the true function of each task
     * @param models  learner and meta-parameters by label
     * @param steps   adaptation steps
     */
    public static void write(Path file, List<Task> tasks, List<DoubleUnaryOperator> truth,
                             Map<String, Map.Entry<MetaLearner, Params>> models, int steps) throws IOException {
        double[] grid = new double[201];
        for (int i = 0; i < grid.length; i++) grid[i] = -5.0 + 10.0 * i / (grid.length - 1);
        Tensor gridX = Tensor.of(grid, grid.length, 1);
        List<XYChart> charts = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            Task task = tasks.get(t);
            XYChart c = new XYChartBuilder().width(560).height(380)
                    .title(String.format(Locale.ROOT, "task %d: %d points, %d step%s", t + 1, task.support().size(), steps, steps == 1 ? "" : "s"))
                    .xAxisTitle("x").yAxisTitle("y").build();
            c.getStyler().setLegendVisible(t == 0);
            c.getStyler().setMarkerSize(7);
            double[] y = new double[grid.length];
            for (int i = 0; i < grid.length; i++) y[i] = truth.get(t).applyAsDouble(grid[i]);
            line(c, "truth", grid, y, java.awt.Color.BLACK);
            int colour = 0;
            for (Map.Entry<String, Map.Entry<MetaLearner, Params>> m : models.entrySet()) {
                MetaLearner learner = m.getValue().getKey();
                Params adapted = learner.adapt(m.getValue().getValue(), task.support(), steps, GradOrder.FIRST);
                line(c, m.getKey(), grid, learner.predict(adapted, gridX).toArray(), Plots.PALETTE[colour++ % Plots.PALETTE.length]);
            }
            XYSeries pts = c.addSeries("support points", task.support().x().toArray(), task.support().y().toArray());
            pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            pts.setMarker(SeriesMarkers.CIRCLE);
            pts.setMarkerColor(java.awt.Color.DARK_GRAY);
            charts.add(c);
        }
        Plots.writeGrid(file, charts, 2);
    }

    private static void line(XYChart c, String name, double[] x, double[] y, java.awt.Color colour) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
    }
}
