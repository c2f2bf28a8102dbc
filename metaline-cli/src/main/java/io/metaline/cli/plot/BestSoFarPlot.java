package io.metaline.cli.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** One study: every measured objective, the best so far among runs meeting every limit, and the optimum if known. */
public final class BestSoFarPlot {
    private BestSoFarPlot() {}

    /**
     * @param measured  measured objective of each trial (NaN for a failed run)
     * @param bestSoFar best feasible measured objective after each trial (NaN before the first)
     * @param optimum   the task's true optimum, or NaN when unknown
     */
    public static void write(Path file, String title, String yTitle, double[] measured, double[] bestSoFar, double optimum)
            throws IOException {
        XYChart c = new XYChartBuilder().width(800).height(480).title(title).xAxisTitle("trial").yAxisTitle(yTitle).build();
        List<Double> x = new ArrayList<>(), y = new ArrayList<>(), bx = new ArrayList<>(), by = new ArrayList<>();
        for (int i = 0; i < measured.length; i++) {
            if (Double.isFinite(measured[i])) {
                x.add(i + 1.0);
                y.add(measured[i]);
            }
            if (Double.isFinite(bestSoFar[i])) {
                bx.add(i + 1.0);
                by.add(bestSoFar[i]);
            }
        }
        if (!x.isEmpty()) {
            XYSeries m = c.addSeries("measured", x, y);
            m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            m.setMarker(SeriesMarkers.CIRCLE);
            m.setMarkerColor(Plots.PALETTE[0]);
        }
        if (!bx.isEmpty()) {
            XYSeries b = c.addSeries("best so far (meets every limit)", bx, by);
            b.setMarker(SeriesMarkers.NONE);
            b.setLineColor(Plots.PALETTE[1]);
        }
        if (Double.isFinite(optimum) && measured.length > 0) {
            XYSeries o = c.addSeries("true optimum", new double[] {1, Math.max(2, measured.length)}, new double[] {optimum, optimum});
            o.setMarker(SeriesMarkers.NONE);
            o.setLineColor(Plots.PALETTE[2]);
        }
        if (c.getSeriesMap().isEmpty()) c.addSeries("no completed trial", new double[] {0}, new double[] {0});
        Plots.write(file, c);
    }
}
