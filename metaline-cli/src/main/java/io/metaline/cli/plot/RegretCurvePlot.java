package io.metaline.cli.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Median simple regret against trials, one panel per family and one line per method, log scale. Regret 0 is drawn
 * at {@value #FLOOR}; a line starts at the first trial with a finite regret (a feasible setting found).
 */
public final class RegretCurvePlot {
    private RegretCurvePlot() {}

    public static final double FLOOR = 1e-6;

    /** @param curves family -> method -> median regret after trial 1, 2, ... */
    public static void write(Path file, Map<String, Map<String, double[]>> curves) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        for (Map.Entry<String, Map<String, double[]>> family : curves.entrySet()) {
            XYChart c = new XYChartBuilder().width(560).height(400).title(family.getKey())
                    .xAxisTitle("trial").yAxisTitle("median simple regret").build();
            c.getStyler().setYAxisLogarithmic(true);
            int colour = 0;
            for (Map.Entry<String, double[]> method : family.getValue().entrySet()) {
                double[] r = method.getValue();
                List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
                for (int i = 0; i < r.length; i++) {
                    if (!Double.isFinite(r[i])) continue;
                    xs.add(i + 1.0);
                    ys.add(Math.max(r[i], FLOOR));
                }
                java.awt.Color col = Plots.PALETTE[colour++ % Plots.PALETTE.length];
                if (xs.isEmpty()) continue;
                XYSeries s = c.addSeries(method.getKey(), xs, ys);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(col);
            }
            if (c.getSeriesMap().isEmpty()) c.getStyler().setYAxisLogarithmic(false);
            if (c.getSeriesMap().isEmpty()) c.addSeries("no feasible trial", new double[] {1}, new double[] {0});
            charts.add(c);
        }
        Plots.writeGrid(file, charts, Math.min(3, charts.size()));
    }
}
