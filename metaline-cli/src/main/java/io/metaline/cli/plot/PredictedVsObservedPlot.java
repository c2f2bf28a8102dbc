package io.metaline.cli.plot;

import java.awt.Color;
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
 * Predicted against observed values after adaptation, one colour per task and the line y = x where a perfect
 * prediction would lie; one panel per output column.
 */
public final class PredictedVsObservedPlot {
    private PredictedVsObservedPlot() {}

    /** The query rows of one task: observed values and the adapted model's predictions, in the same order. */
    public record Points(String task, double[] observed, double[] predicted) {
        public Points {
            if (observed.length != predicted.length) {
                throw new IllegalArgumentException("Points of task " + task + ": " + observed.length + " observed but "
                        + predicted.length + " predicted values");
            }
        }
    }

    /**
     * @param title    the first line of each panel's title
     * @param byOutput points of each task, by output column name
     */
    public static void write(Path file, String title, Map<String, List<Points>> byOutput) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        for (Map.Entry<String, List<Points>> output : byOutput.entrySet()) {
            XYChart c = new XYChartBuilder().width(640).height(520).title(title + ": " + output.getKey())
                    .xAxisTitle("observed " + output.getKey()).yAxisTitle("predicted " + output.getKey()).build();
            c.getStyler().setMarkerSize(6);
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            int colour = 0;
            for (Points p : output.getValue()) {
                if (p.observed().length == 0) continue;
                for (double v : p.observed()) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
                for (double v : p.predicted()) {
                    if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
                }
                XYSeries s = c.addSeries(p.task(), p.observed(), p.predicted());
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(Plots.PALETTE[colour++ % Plots.PALETTE.length]);
            }
            if (lo <= hi) {
                XYSeries diagonal = c.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
                diagonal.setMarker(SeriesMarkers.NONE);
                diagonal.setLineColor(Color.DARK_GRAY);
            }
            charts.add(c);
        }
        Plots.writeGrid(file, charts, 2);
    }
}
