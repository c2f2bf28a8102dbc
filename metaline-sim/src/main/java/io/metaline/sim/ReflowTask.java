package io.metaline.sim;

import java.util.List;
import java.util.Map;

/** A task of {@link ReflowSoldering}: a board, paste lot and oven; see the family for the equations. */
final class ReflowTask extends AbstractProcessTask {

    /** Task variation the line does not report. */
    record Hidden(double tauBoard, double convection, double coldMass) {
    }

    static final double[] ZONE_LENGTH = {80, 80, 60, 60};   // cm
    private static final double PITCH = 35;                // cm per board, with gap
    private static final double LINE_RATE = 1.0;           // €/min
    private static final double REWORK_COST = 20;          // € per defective board

    private final Hidden hidden;
    private final double ambient;
    private final double voidIndex;

    ReflowTask(ReflowSoldering family, String id, Map<String, Double> context, Hidden hidden, int age) {
        super(family, id, context, age);
        this.hidden = hidden;
        this.ambient = context.get("ambient_temperature");
        this.voidIndex = context.get("paste_void_index");
    }

    /** Profile features of one board point. */
    private record Profile(double peak, double maxRamp, double soak, double aboveLiquidus) {
    }

    @Override
    double[] model(double[] x) {
        double speed = x[4];
        double[] zone = {x[0], x[1], x[2], x[3]};
        double[] dwell = new double[4];
        for (int k = 0; k < 4; k++) dwell[k] = 60 * ZONE_LENGTH[k] / speed;
        double w = Smooth.wear(age(), ReflowSoldering.FOULING_SCALE);
        double tau = hidden.tauBoard() / (hidden.convection() * (1 - 0.12 * w));

        Profile hot = profile(0.8 * tau, zone, dwell);
        Profile joint = profile(tau, zone, dwell);
        Profile cold = profile(1.25 * hidden.coldMass() * tau, zone, dwell);

        double tal = joint.aboveLiquidus();
        double voids = 12 * voidIndex * (0.55 + 1.2 * Math.exp(-joint.soak() / 45))
                * (0.5 + 1.3 * Math.exp(-tal / 30));
        double pDefect = Smooth.any(
                0.003,
                Smooth.logistic((227 - cold.peak()) / 2),
                0.5 * Smooth.logistic((hot.peak() - 255) / 2),
                0.4 * Smooth.logistic((tal - 100) / 8),
                0.5 * Smooth.logistic((voids - 18) / 2),
                0.3 * Smooth.logistic((hot.maxRamp() - 3) / 0.3));
        double cost = LINE_RATE * PITCH / speed + REWORK_COST * pDefect;
        double throughput = 60 * speed / PITCH;
        return new double[] {cost, hot.peak(), tal, hot.maxRamp(), voids, 100 * pDefect, cold.peak(), throughput};
    }

    /** The exact first-order response of a point with time constant {@code tau}, zone by zone, then cooling. */
    private Profile profile(double tau, double[] zone, double[] dwell) {
        double t = ambient;
        double peak = t;
        double maxRamp = Double.NEGATIVE_INFINITY;
        double above150 = 0;
        double above200 = 0;
        double aboveLiq = 0;
        for (int k = 0; k < zone.length; k++) {
            double end = zone[k] + (t - zone[k]) * Math.exp(-dwell[k] / tau);
            above150 += timeAbove(150, t, end, zone[k], tau, dwell[k]);
            above200 += timeAbove(200, t, end, zone[k], tau, dwell[k]);
            aboveLiq += timeAbove(ReflowSoldering.LIQUIDUS, t, end, zone[k], tau, dwell[k]);
            maxRamp = Math.max(maxRamp, (end - t) / dwell[k]);
            peak = Math.max(peak, end);
            t = end;
        }
        double coolTemp = ambient + 25;
        if (t > ReflowSoldering.LIQUIDUS) {
            aboveLiq += 0.6 * tau * Math.log((t - coolTemp) / (ReflowSoldering.LIQUIDUS - coolTemp));
        }
        return new Profile(peak, maxRamp, above150 - above200, aboveLiq);
    }

    /**
     * Time above {@code threshold} in a zone of duration {@code d} entered at {@code start}, left at {@code end}, with
     * zone temperature {@code z}: the response is monotone, so there is at most one crossing.
     */
    private static double timeAbove(double threshold, double start, double end, double z, double tau, double d) {
        boolean startAbove = start >= threshold;
        boolean endAbove = end >= threshold;
        if (startAbove && endAbove) return d;
        if (!startAbove && !endAbove) return 0;
        double crossing = Math.max(0, Math.min(d, tau * Math.log((start - z) / (threshold - z))));
        return startAbove ? crossing : d - crossing;
    }

    @Override
    List<MeasurementNoise> noise() {
        return ReflowSoldering.NOISE;
    }

    @Override
    ProcessTask withAge(int age) {
        return new ReflowTask((ReflowSoldering) family(), id(), context(), hidden, age);
    }
}
