package io.metaline.sim;

import io.metaline.engine.Rng;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CNC turning of a cylindrical steel part: choose spindle speed, feed, depth of cut and coolant to make a part at the
 * lowest cost without overloading the spindle and within the roughness specification.
 *
 * <h2>Model</h2>
 * With {@code D} the workpiece diameter [mm], {@code n} the spindle speed [rpm], {@code f} the feed [mm/rev],
 * {@code a} the depth of cut [mm], {@code r} the tool nose radius [mm] and {@code w} the drift index:
 * <ul>
 *   <li>cutting speed {@code v = pi D n / 1000} [m/min];</li>
 *   <li>cutting force by Kienzle's law (Kienzle 1952): {@code Fc = kc11 a f^(1 - mc) (1 + 0.2 w)} [N] with
 *       {@code mc = 0.25} and {@code kc11 = (1500 + 4 (HB - 160)) lot} [N/mm²] from the material hardness HB;</li>
 *   <li>spindle power {@code P = Fc v / 60000 / eta + 0.5 n / 3000} [kW] (drive efficiency {@code eta}, idle
 *       losses); HARD limit {@code P <= 11 kW}, the spindle motor's rating;</li>
 *   <li>roughness from the kinematic relation {@code Ra = f^2 / (32 r)} (Boothroyd and Knight, <i>Fundamentals of
 *       Machining and Machine Tools</i>; Kalpakjian and Schmid, <i>Manufacturing Engineering and Technology</i>),
 *       in µm: {@code Ra = 1000 f^2 / (32 r) (1 + b e^(-v/60)) (1 + 0.3 w) + 0.25 + 4 s^2}, where the built-up
 *       edge term {@code b} is 0.8 with flood coolant and 1.2 dry, and {@code s = softplus(a - aLim, 0.15)} is the
 *       chatter excess over the stability limit {@code aLim} of machine and fixture; SOFT limit
 *       {@code Ra <= 3.2 µm} (N8);</li>
 *   <li>tool life by the extended Taylor equation (Taylor 1907, "On the art of cutting metals"):
 *       {@code T = 15 (v15 / v)^4 (0.25 / f) (2 / a)^0.4 / (1 + 3 s)} [min], Taylor exponent {@code n = 0.25} for
 *       carbide, chatter chipping the edge ({@code s} as above),
 *       with {@code v15 = (320 - 0.6 (HB - 160)) grade c} the speed for a 15 min edge life at {@code f = 0.25},
 *       {@code a = 2} ({@code c = 1} flood, {@code 0.82} dry);</li>
 *   <li>removal rate {@code Q = v f a} [cm³/min], cutting time {@code tc = V / Q} for the volume {@code V} to remove;
 *       tool wear per part {@code 100 tc / T} [% of an edge's life];</li>
 *   <li>cost per part (Gilbert 1950, the economics of machining):
 *       {@code C = 1.5 (tc + 0.3) + (4 + 1.5 * 1.0) tc / T + 30 sigmoid((Ra - 3.2) / 0.15) + k} [€]: machine and
 *       labour at 1.5 €/min with 0.3 min of handling, an edge at 4 € plus a 1 min change, a 30 € scrap cost
 *       times the probability of missing the roughness spec, and the coolant cost {@code k} per part (fluid,
 *       disposal, cleaning; 0 dry).</li>
 * </ul>
 * The objective is {@code cost_per_part}, minimised.
 *
 * <h2>Task-level variation</h2>
 * Workpiece diameter {@code D ~ U[40, 90] mm}, hardness {@code HB ~ U[160, 260]}, nose radius {@code r} one of 0.4,
 * 0.8, 1.2 mm (these three are the context), and hidden: lot factor of {@code kc11 ~ N(1, 0.03)}, insert grade
 * {@code ~ U[0.9, 1.1]}, chatter limit {@code aLim ~ U[2.0, 3.8] mm}, drive efficiency {@code eta ~ U[0.78, 0.92]},
 * volume {@code V ~ U[30, 90] cm³}, coolant cost {@code k ~ U[0.05, 0.35] €/part}.
 *
 * <h2>Drift</h2>
 * Machine wear: {@code w = 1 - exp(-runs / 2000)} after {@code runs} parts. Worn spindle bearings and tool seat raise
 * cutting force (friction, +20 % at full wear), roughness (+30 %) and lower the chatter limit by 0.5 mm.
 */
public final class CncMachining extends DeclaredFamily {
    /** Registry name. */
    public static final String NAME = "cnc_machining";
    /** Rated spindle power, kW: the hard limit. */
    public static final double POWER_LIMIT = 11.0;
    /** Roughness specification, µm Ra. */
    public static final double ROUGHNESS_SPEC = 3.2;
    /** Runs for the drift index to reach {@code 1 - 1/e}. */
    public static final double WEAR_SCALE = 2000;

    static final double[] NOSE_RADII = {0.4, 0.8, 1.2};

    private static final List<Parameter> PARAMETERS = List.of(
            Parameter.continuous("spindle_speed", "rpm", 300, 3000, 150, 800),
            Parameter.continuous("feed", "mm/rev", 0.05, 0.40, 0.02, 0.12),
            Parameter.continuous("depth_of_cut", "mm", 0.5, 4.0, 0.25, 1.0),
            Parameter.categorical("coolant", List.of("dry", "flood"), "flood"));

    private static final List<Outcome> OUTCOMES = List.of(
            Outcome.objective("cost_per_part", "€", Outcome.Direction.MINIMISE),
            Outcome.atMost("spindle_power", "kW", POWER_LIMIT, Outcome.Severity.HARD),
            Outcome.atMost("surface_roughness", "µm", ROUGHNESS_SPEC, Outcome.Severity.SOFT),
            Outcome.observed("tool_wear", "%/part"),
            Outcome.observed("tool_life", "min"),
            Outcome.observed("removal_rate", "cm³/min"));

    static final List<MeasurementNoise> NOISE = List.of(
            MeasurementNoise.positive(0, 0.01),
            MeasurementNoise.positive(0.05, 0.01),
            MeasurementNoise.positive(0.02, 0.06),
            MeasurementNoise.positive(0, 0.10),
            MeasurementNoise.positive(0, 0.10),
            MeasurementNoise.positive(0, 0.005));

    private static final List<String> CONTEXT = List.of("workpiece_diameter", "material_hardness", "nose_radius");

    public CncMachining() {
        super(NAME, PARAMETERS, OUTCOMES, CONTEXT, "cost_per_part");
    }

    @Override
    public ProcessTask sampleTask(Rng rng) {
        String id = NAME + "-" + String.format("%016x", rng.nextLong());
        double diameter = rng.uniform(40, 90);
        double hardness = rng.uniform(160, 260);
        double noseRadius = NOSE_RADII[rng.nextInt(NOSE_RADII.length)];
        CncTask.Hidden hidden = new CncTask.Hidden(
                1 + 0.03 * rng.nextGaussian(),
                rng.uniform(0.9, 1.1),
                rng.uniform(2.0, 3.8),
                rng.uniform(0.78, 0.92),
                rng.uniform(30, 90),
                rng.uniform(0.05, 0.35));
        Map<String, Double> context = new LinkedHashMap<>();
        context.put("workpiece_diameter", diameter);
        context.put("material_hardness", hardness);
        context.put("nose_radius", noseRadius);
        return new CncTask(this, id, context, hidden, 0);
    }

    @Override
    public String describe() {
        return Describe.of(this, """
                CNC turning (cost per part, minimise).
                  v  = pi D n / 1000                         cutting speed [m/min]
                  Fc = kc11 a f^0.75 (1 + 0.2 w)              Kienzle cutting force [N], kc11 = (1500 + 4 (HB-160)) lot [N/mm²]
                  P  = Fc v / 60000 / eta + 0.5 n / 3000      spindle power [kW]; HARD P <= 11 kW
                  Ra = 1000 f² / (32 r) (1 + b e^(-v/60)) (1 + 0.3 w) + 0.25 + 4 s², s = softplus(a - aLim, 0.15)
                                                              roughness [µm], b = 0.8 flood / 1.2 dry; SOFT Ra <= 3.2 µm
                  T  = 15 (v15 / v)^4 (0.25 / f) (2 / a)^0.4 / (1 + 3 s)  extended Taylor tool life [min], v15 = (320 - 0.6 (HB-160)) grade (1 | 0.82 dry)
                  Q  = v f a; tc = V / Q                      removal rate [cm³/min], cutting time [min]
                  C  = 1.5 (tc + 0.3) + 5.5 tc / T + 30 sigmoid((Ra - 3.2) / 0.15) + coolant cost   [€/part]
                Task: D ~ U[40,90] mm, HB ~ U[160,260], r in {0.4, 0.8, 1.2} mm (context); hidden lot ~ N(1,0.03),
                  grade ~ U[0.9,1.1], aLim ~ U[2,3.8] mm, eta ~ U[0.78,0.92], V ~ U[30,90] cm³, coolant ~ U[0.05,0.35] €.
                Drift: w = 1 - exp(-runs/2000): force +20 %, roughness +30 %, chatter limit -0.5 mm at full wear.
                Sources: Taylor 1907; Kienzle 1952; Gilbert 1950; Boothroyd & Knight; Kalpakjian & Schmid.""");
    }

}
