package io.metaline.sim;

import io.metaline.engine.Rng;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Convection reflow soldering of a board with SAC305 paste: choose four zone temperatures and the conveyor speed so
 * that every joint wets, no component overheats, and the line runs fast.
 *
 * <h2>Model</h2>
 * The oven has four heated zones of 80, 80, 60 and 60 cm (preheat, soak, reflow, peak) followed by forced cooling.
 * A point of the board with thermal time constant {@code tau} follows the lumped-capacitance (first-order) law
 * (Incropera and DeWitt, <i>Fundamentals of Heat and Mass Transfer</i>, lumped capacitance):
 * {@code dT/dt = (Tzone - T) / tau}, solved exactly zone by zone: after {@code d} seconds in a zone,
 * {@code T = Tz + (T0 - Tz) e^(-d / tau)}, with {@code d = 60 L / v} for a zone of {@code L} cm at a conveyor speed
 * of {@code v} cm/min. The board enters at ambient temperature; the cooling section holds ambient + 25 °C with
 * {@code 0.6 tau}. Three points are tracked: the hottest (small components, {@code 0.8 tau}), a typical joint
 * ({@code tau}) and the coldest joint (under a large component or on a ground plane, {@code 1.25 c tau}).
 * Because the profile is monotone inside each zone, peaks sit on zone boundaries and threshold crossings have closed
 * forms ({@code t = tau ln((T0 - Tz) / (Tth - Tz))}).
 * <ul>
 *   <li>{@code peak_temperature}: peak of the hottest point [°C]; HARD limit 260 °C, the IPC/JEDEC J-STD-020
 *       Pb-free classification temperature of thin small packages (a component must never see more);</li>
 *   <li>{@code time_above_liquidus}: time of the typical joint above 217 °C, the SAC305 liquidus [s]; SOFT window
 *       45-90 s (solder paste datasheets; J-STD-020 classification allows 60-150 s);</li>
 *   <li>{@code ramp_rate}: the largest zone-average heating rate of the hottest point [°C/s]; SOFT limit 3 °C/s
 *       (J-STD-020 ramp-up);</li>
 *   <li>{@code void_rate}: mean joint voiding [% area]
 *       {@code = 12 p (0.55 + 1.2 e^(-soak / 45)) (0.5 + 1.3 e^(-TAL / 30))}, with {@code soak} the joint's time
 *       between 150 and 200 °C in the heated zones and {@code p} the paste lot's void index: flux volatiles need soak
 *       time and time in the liquid to escape (a common empirical finding; void criteria per IPC-7095);</li>
 *   <li>{@code defect_rate} [%]: {@code 100 (1 - prod(1 - p_i))} over independent causes: 0.3 % baseline; cold
 *       joints {@code sigmoid((227 - Tcold) / 2)} when the coldest joint peaks less than about 10 K above liquidus;
 *       heat damage {@code 0.5 sigmoid((Tpeak - 255) / 2)}; intermetallic growth and dewetting
 *       {@code 0.4 sigmoid((TAL - 100) / 8)}; voids {@code 0.5 sigmoid((voids - 18) / 2)}; tombstoning and solder
 *       balls {@code 0.3 sigmoid((ramp - 3) / 0.3)};</li>
 *   <li>{@code cost_per_board} [€] {@code = 1.0 * 35 / v + 20 p_defect}: line time at 1 €/min for a 35 cm board
 *       pitch, plus 20 € of rework per defective board. This is the objective, minimised.</li>
 * </ul>
 *
 * <h2>Task-level variation</h2>
 * Ambient (entry) temperature {@code ~ U[18, 35] °C}, board thickness {@code ~ U[0.8, 2.4] mm} and the paste lot's
 * void index {@code ~ U[0.7, 1.4]} are the context; hidden: board thermal mass {@code tau = (25 + 15 thickness) m}
 * with {@code m ~ U[0.9, 1.1]}, the oven's convection efficiency {@code h ~ U[0.85, 1.15]} ({@code tau / h}), and
 * the coldest point's extra mass {@code c ~ U[0.95, 1.1]}.
 *
 * <h2>Drift</h2>
 * Flux fouls the convection nozzles: after {@code runs} boards, heat transfer falls by {@code 12 w} %,
 * {@code w = 1 - exp(-runs / 5000)}, so every point lags more and peaks lower.
 */
public final class ReflowSoldering extends DeclaredFamily {
    /** Registry name. */
    public static final String NAME = "reflow_soldering";
    /** Component peak temperature limit, °C: the hard limit. */
    public static final double PEAK_LIMIT = 260;
    /** SAC305 liquidus, °C. */
    public static final double LIQUIDUS = 217;
    /** Runs for the drift index to reach {@code 1 - 1/e}. */
    public static final double FOULING_SCALE = 5000;

    private static final List<Parameter> PARAMETERS = List.of(
            Parameter.continuous("zone1_temperature", "°C", 120, 220, 5, 160),
            Parameter.continuous("zone2_temperature", "°C", 140, 230, 5, 180),
            Parameter.continuous("zone3_temperature", "°C", 180, 280, 5, 220),
            Parameter.continuous("zone4_temperature", "°C", 200, 300, 5, 245),
            Parameter.continuous("conveyor_speed", "cm/min", 40, 120, 5, 70));

    private static final List<Outcome> OUTCOMES = List.of(
            Outcome.objective("cost_per_board", "€", Outcome.Direction.MINIMISE),
            Outcome.atMost("peak_temperature", "°C", PEAK_LIMIT, Outcome.Severity.HARD),
            Outcome.within("time_above_liquidus", "s", 45, 90, Outcome.Severity.SOFT),
            Outcome.atMost("ramp_rate", "°C/s", 3.0, Outcome.Severity.SOFT),
            Outcome.observed("void_rate", "%"),
            Outcome.observed("defect_rate", "%"),
            Outcome.observed("cold_joint_peak", "°C"),
            Outcome.observed("throughput", "boards/h"));

    static final List<MeasurementNoise> NOISE = List.of(
            MeasurementNoise.positive(0, 0.02),
            MeasurementNoise.signed(1.0, 0),
            MeasurementNoise.positive(2.0, 0),
            MeasurementNoise.positive(0.05, 0),
            MeasurementNoise.positive(0.3, 0.10),
            MeasurementNoise.positive(0.05, 0.10),
            MeasurementNoise.signed(1.0, 0),
            MeasurementNoise.NONE);

    private static final List<String> CONTEXT = List.of("ambient_temperature", "board_thickness", "paste_void_index");

    public ReflowSoldering() {
        super(NAME, PARAMETERS, OUTCOMES, CONTEXT, "cost_per_board");
    }

    @Override
    public ProcessTask sampleTask(Rng rng) {
        String id = NAME + "-" + String.format("%016x", rng.nextLong());
        double ambient = rng.uniform(18, 35);
        double thickness = rng.uniform(0.8, 2.4);
        double voidIndex = rng.uniform(0.7, 1.4);
        double tau = (25 + 15 * thickness) * rng.uniform(0.9, 1.1);
        double convection = rng.uniform(0.85, 1.15);
        double coldMass = rng.uniform(0.95, 1.1);
        Map<String, Double> context = new LinkedHashMap<>();
        context.put("ambient_temperature", ambient);
        context.put("board_thickness", thickness);
        context.put("paste_void_index", voidIndex);
        return new ReflowTask(this, id, context, new ReflowTask.Hidden(tau, convection, coldMass), 0);
    }

    @Override
    public String describe() {
        return Describe.of(this, """
                Convection reflow, SAC305 (cost per board, minimise). Zones 80/80/60/60 cm, then cooling at ambient+25 °C.
                  d_k = 60 L_k / v                            time in zone k [s]
                  T_k = Z_k + (T_(k-1) - Z_k) e^(-d_k / tau)   first-order lag of a board point, T_0 = ambient
                  points: hottest 0.8 tau, joint tau, coldest 1.25 c tau;  tau = (25 + 15 thickness) m / (h (1 - 0.12 w))
                  peak_temperature = max_k T_k (hottest)      HARD <= 260 °C (J-STD-020 Pb-free, thin packages)
                  TAL = time of the joint above 217 °C        SOFT 45..90 s
                  ramp = max_k (T_k - T_(k-1)) / d_k (hottest) SOFT <= 3 °C/s
                  voids = 12 p (0.55 + 1.2 e^(-soak/45)) (0.5 + 1.3 e^(-TAL/30))   [% area], soak = joint time in 150..200 °C
                  p_defect = 1 - (1-0.003)(1-s((227-Tcold)/2))(1-0.5 s((Tpeak-255)/2))(1-0.4 s((TAL-100)/8))
                                   (1-0.5 s((voids-18)/2))(1-0.3 s((ramp-3)/0.3))
                  cost = 35 / v + 20 p_defect                 [€/board]; throughput = 60 v / 35 boards/h
                Task: ambient ~ U[18,35] °C, thickness ~ U[0.8,2.4] mm, void index p ~ U[0.7,1.4] (context);
                  hidden m ~ U[0.9,1.1], convection h ~ U[0.85,1.15], coldest-point mass c ~ U[0.95,1.1].
                Drift: nozzle fouling, heat transfer -12 w %, w = 1 - exp(-runs/5000).
                Sources: IPC/JEDEC J-STD-020; IPC-7095; Incropera & DeWitt (lumped capacitance).""");
    }

}
