package io.metaline.cli.plot;

import io.metaline.meta.Checkpoint.CurvePoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Training (and validation) query loss against meta-iterations, log scale, one line per run. */
public final class LearningCurvePlot {
    private LearningCurvePlot() {}

    public static void write(Path file, String title, Map<String, List<CurvePoint>> runs) throws IOException {
        XYChart c = new XYChartBuilder().width(800).height(480).title(title)
                .xAxisTitle("meta-iteration").yAxisTitle("query loss after adaptation").build();
        c.getStyler().setYAxisLogarithmic(true);
        int colour = 0;
        for (Map.Entry<String, List<CurvePoint>> run : runs.entrySet()) {
            List<CurvePoint> pts = run.getValue();
            if (pts.isEmpty()) continue;
            double[] x = new double[pts.size()], train = new double[pts.size()];
            boolean hasValidation = false;
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i).iteration();
                train[i] = Math.max(pts.get(i).trainLoss(), 1e-12);
                hasValidation |= !Double.isNaN(pts.get(i).validationLoss());
            }
            java.awt.Color col = Plots.PALETTE[colour++ % Plots.PALETTE.length];
            XYSeries s = c.addSeries(run.getKey() + " (training batches)", x, train);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(col);
            if (hasValidation) {
                double[] val = new double[pts.size()];
                for (int i = 0; i < x.length; i++) val[i] = Math.max(pts.get(i).validationLoss(), 1e-12);
                XYSeries v = c.addSeries(run.getKey() + " (validation)", x, val);
                v.setMarker(SeriesMarkers.CIRCLE);
                v.setLineColor(col);
                v.setMarkerColor(col);
            }
        }
        Plots.write(file, c);
    }
}
