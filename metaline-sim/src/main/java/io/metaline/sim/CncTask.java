package io.metaline.sim;

import java.util.List;
import java.util.Map;

/** A task of {@link CncMachining}: a part, material lot, insert and machine; see the family for the equations. */
final class CncTask extends AbstractProcessTask {

    /** Task variation the line does not report. */
    record Hidden(double kcLot, double grade, double chatterLimit, double efficiency, double volume,
                  double coolantCost) {
    }

    private static final double MACHINE_RATE = 1.5;   // €/min
    private static final double HANDLING = 0.3;       // min/part
    private static final double EDGE_COST = 4.0;      // €
    private static final double CHANGE_TIME = 1.0;    // min
    private static final double SCRAP_COST = 30.0;    // €
    private static final double MC = 0.25;            // Kienzle exponent

    private final Hidden hidden;
    private final double diameter;
    private final double hardness;
    private final double noseRadius;

    CncTask(CncMachining family, String id, Map<String, Double> context, Hidden hidden, int age) {
        super(family, id, context, age);
        this.hidden = hidden;
        this.diameter = context.get("workpiece_diameter");
        this.hardness = context.get("material_hardness");
        this.noseRadius = context.get("nose_radius");
    }

    @Override
    double[] model(double[] x) {
        double n = x[0];
        double f = x[1];
        double a = x[2];
        boolean flood = x[3] >= 0.5;
        double w = Smooth.wear(age(), CncMachining.WEAR_SCALE);

        double v = Math.PI * diameter * n / 1000.0;
        double kc11 = (1500 + 4 * (hardness - 160)) * hidden.kcLot();
        double force = kc11 * a * Math.pow(f, 1 - MC) * (1 + 0.2 * w);
        double power = force * v / 60000.0 / hidden.efficiency() + 0.5 * n / 3000.0;

        double bue = (flood ? 0.8 : 1.2) * Math.exp(-v / 60.0);
        double chatter = Smooth.softplus(a - (hidden.chatterLimit() - 0.5 * w), 0.15);
        double ra = 1000 * f * f / (32 * noseRadius) * (1 + bue) * (1 + 0.3 * w) + 0.25 + 4.0 * chatter * chatter;

        double v15 = (320 - 0.6 * (hardness - 160)) * hidden.grade() * (flood ? 1.0 : 0.82);
        double life = 15 * Math.pow(v15 / v, 4) * (0.25 / f) * Math.pow(2.0 / a, 0.4) / (1 + 3 * chatter);
        double removal = v * f * a;
        double cutTime = hidden.volume() / removal;
        double wearPerPart = 100 * cutTime / life;
        double scrap = Smooth.logistic((ra - CncMachining.ROUGHNESS_SPEC) / 0.15);
        double cost = MACHINE_RATE * (cutTime + HANDLING) + (EDGE_COST + MACHINE_RATE * CHANGE_TIME) * cutTime / life
                + SCRAP_COST * scrap + (flood ? hidden.coolantCost() : 0.0);
        return new double[] {cost, power, ra, wearPerPart, life, removal};
    }

    @Override
    List<MeasurementNoise> noise() {
        return CncMachining.NOISE;
    }

    @Override
    ProcessTask withAge(int age) {
        return new CncTask((CncMachining) family(), id(), context(), hidden, age);
    }
}
