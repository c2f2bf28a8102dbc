package io.metaline.sim;

import io.metaline.engine.Rng;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Injection moulding of a flat polypropylene-like part, 120 mm long: choose melt and mould temperature, injection
 * speed and pressure, holding pressure and time, and cooling time for the lowest cost per part, within the machine's
 * clamp force and the part's dimensional and warpage tolerances.
 *
 * <h2>Model</h2>
 * Symbols: melt temperature {@code Tm}, mould temperature {@code Tw} (effective: {@code + 0.08 (ambient - 25)}, the
 * temperature controller's imperfect compensation), wall thickness {@code h} [mm], thermal diffusivity
 * {@code alpha = 0.09 mm²/s}, ejection temperature {@code Te = 100 °C}, no-flow temperature {@code Tnf = 140 °C}, drift
 * index {@code w}. Relations from Osswald, Turng and Gramann, <i>Injection Molding Handbook</i>, and Osswald and
 * Menges, <i>Materials Science of Polymers for Engineers</i>:
 * <ul>
 *   <li>cooling time needed to eject (one-dimensional conduction through the wall):
 *       {@code tReq = h² / (pi² alpha) ln((8 / pi²) (Tm - Tw) / (Te - Tw)) (1 + 0.1 w)} [s];</li>
 *   <li>gate freeze time, the same law for a gate of {@code 0.75 h} and the no-flow temperature:
 *       {@code tFreeze = (0.75 h)² / (pi² alpha) ln((4 / pi) (Tm - Tw) / (Tnf - Tw))} [s];</li>
 *   <li>fill pressure (Hele-Shaw flow of a power-law melt, {@code n = 0.35}, Arrhenius-like temperature shift; the
 *       frozen skin {@code delta = 0.9 sqrt(alpha tFill) (Tnf - Tw) / (Tm - Tw)} narrows the channel, which gives the
 *       textbook U-shaped pressure-versus-fill-time curve):
 *       {@code pReq = 550 F (15 / MFI)^0.9 e^(-0.018 (Tm - 230)) (vInj / 60)^0.35 (2.4 / (h - 2 delta))^1.7} [bar],
 *       with {@code tFill = 50 mm / vInj};</li>
 *   <li>short shots when the available pressure {@code pInj (1 - 0.06 w)} does not cover {@code 1.05 pReq}:
 *       {@code pShort = sigmoid((1.05 pReq - pInj (1 - 0.06 w)) / (0.03 pReq))};</li>
 *   <li>effective packing pressure {@code pPack = pHold (1 - 0.06 w) k (1 - e^(-tHold / tFreeze))} with the pressure
 *       transmission {@code k = 0.55 + 0.25 sigmoid((Tm - 220) / 20)};</li>
 *   <li>linear shrinkage (pvT behaviour: packing compensates thermal contraction; hot ejection adds post-mould
 *       shrinkage) {@code S = S0 + 0.0015 (Tm - 230) + 0.006 (Tw - 40) - 0.0012 pPack + 0.35 e^(-tCool / tReq)} [%];
 *       {@code dimensional_error = 120 (Snom - S) / 100} [mm] against the mould's shrink allowance {@code Snom}; SOFT
 *       within ±0.15 mm;</li>
 *   <li>warpage (differential cooling and orientation):
 *       {@code W = W0 (Tm - Tw) / 190 (1 + 1.5 e^(-tCool / tReq)) (1 - 0.35 pPack / 600) + 0.12 (vInj / 100)²} [mm];
 *       SOFT {@code <= 0.5 mm};</li>
 *   <li>peak cavity pressure, the larger of packing {@code pHold (1 - 0.06 w) k} and filling
 *       {@code 0.35 min(pReq, pInj) + 0.3 softplus(pInj - pReq) + 1.2 vInj} (switch-over overshoot), by a smooth
 *       maximum; {@code clamp_force = pCav A / 100} [kN] for the projected area {@code A} [cm²]; HARD
 *       {@code <= 1000 kN}, the machine's clamp rating (beyond it the mould is forced open: flash, tie-bar and
 *       mould damage);</li>
 *   <li>flash below the rating as the parting line gives: {@code pFlash = sigmoid((Fclamp - Fflash) / 25)},
 *       {@code Fflash = 1000 fit (1 - 0.08 w) mu^0.1}, {@code mu} the viscosity factor above;</li>
 *   <li>rejects {@code p = 1 - (1 - 0.003)(1 - pShort)(1 - pFlash)(1 - pDim)(1 - pWarp)(1 - pDegr)(1 - pCold)} with
 *       {@code pDim = sigmoid((e - 0.15) / 0.02) + sigmoid((-0.15 - e) / 0.02)},
 *       {@code pWarp = sigmoid((W - 0.5) / 0.025)}, thermal degradation {@code pDegr = 0.3 sigmoid((Tm - 268) / 4)},
 *       flow marks and weak weld lines of a too cold melt {@code pCold = 0.4 sigmoid((233 - MFI - Tm) / 4)} (a stiffer
 *       grade needs a hotter melt);
 *       {@code defect_rate = 100 p} [%];</li>
 *   <li>cycle time {@code tFill + tHold + smoothmax(tCool, 4 s recovery) + 3.5 s} (mould movements);</li>
 *   <li>{@code cost_per_part = 0.02 cycle + 0.25 + 1.5 p} [€]: machine at 72 €/h, material, and scrap. This is the
 *       objective, minimised.</li>
 * </ul>
 *
 * <h2>Task-level variation</h2>
 * Context: melt flow index {@code MFI ~ U[8, 30] g/10 min}, ambient {@code ~ U[15, 35] °C}, wall thickness
 * {@code h ~ U[1.8, 3.0] mm}. Hidden: projected area {@code A ~ U[110, 160] cm²}, the lot's unpacked shrinkage
 * {@code S0 ~ U[1.8, 2.1] %}, the mould's shrink allowance {@code Snom ~ U[1.45, 1.7] %}, flow-length factor
 * {@code F ~ U[0.85, 1.2]}, parting-line fit {@code ~ U[0.78, 0.95]}, warpage scale {@code W0 ~ U[0.25, 0.45] mm}.
 *
 * <h2>Drift</h2>
 * After {@code runs} shots, {@code w = 1 - exp(-runs / 20000)}: check-ring and barrel wear lose 6 w % of injection and
 * holding pressure, mould fouling lengthens the needed cooling by 10 w %, parting-line wear lowers the flash force by
 * 8 w %.
 */
public final class InjectionMoulding extends DeclaredFamily {
    /** Registry name. */
    public static final String NAME = "injection_moulding";
    /** Clamp force rating, kN: the hard limit. */
    public static final double CLAMP_LIMIT = 1000;
    /** Dimensional tolerance, ± mm. */
    public static final double TOLERANCE = 0.15;
    /** Warpage specification, mm. */
    public static final double WARPAGE_SPEC = 0.5;
    /** Runs for the drift index to reach {@code 1 - 1/e}. */
    public static final double WEAR_SCALE = 20000;

    private static final List<Parameter> PARAMETERS = List.of(
            Parameter.continuous("melt_temperature", "°C", 200, 280, 5, 230),
            Parameter.continuous("mould_temperature", "°C", 20, 80, 3, 40),
            Parameter.continuous("injection_speed", "mm/s", 20, 150, 10, 60),
            Parameter.continuous("injection_pressure", "bar", 400, 1600, 50, 1000),
            Parameter.continuous("holding_pressure", "bar", 200, 1200, 50, 400),
            Parameter.continuous("holding_time", "s", 1, 12, 1, 5),
            Parameter.continuous("cooling_time", "s", 3, 30, 2, 15));

    private static final List<Outcome> OUTCOMES = List.of(
            Outcome.objective("cost_per_part", "€", Outcome.Direction.MINIMISE),
            Outcome.atMost("clamp_force", "kN", CLAMP_LIMIT, Outcome.Severity.HARD),
            Outcome.within("dimensional_error", "mm", -TOLERANCE, TOLERANCE, Outcome.Severity.SOFT),
            Outcome.atMost("warpage", "mm", WARPAGE_SPEC, Outcome.Severity.SOFT),
            Outcome.observed("defect_rate", "%"),
            Outcome.observed("short_shot_rate", "%"),
            Outcome.observed("flash_rate", "%"),
            Outcome.observed("cycle_time", "s"));

    static final List<MeasurementNoise> NOISE = List.of(
            MeasurementNoise.positive(0, 0.01),
            MeasurementNoise.positive(5, 0.005),
            MeasurementNoise.signed(0.01, 0),
            MeasurementNoise.positive(0.02, 0.03),
            MeasurementNoise.positive(0.05, 0.10),
            MeasurementNoise.positive(0.02, 0.10),
            MeasurementNoise.positive(0.02, 0.10),
            MeasurementNoise.positive(0.05, 0));

    private static final List<String> CONTEXT = List.of("material_mfi", "ambient_temperature", "wall_thickness");

    public InjectionMoulding() {
        super(NAME, PARAMETERS, OUTCOMES, CONTEXT, "cost_per_part");
    }

    @Override
    public ProcessTask sampleTask(Rng rng) {
        String id = NAME + "-" + String.format("%016x", rng.nextLong());
        Map<String, Double> context = new LinkedHashMap<>();
        context.put("material_mfi", rng.uniform(8, 30));
        context.put("ambient_temperature", rng.uniform(15, 35));
        context.put("wall_thickness", rng.uniform(1.8, 3.0));
        MouldingTask.Hidden hidden = new MouldingTask.Hidden(
                rng.uniform(110, 160),
                rng.uniform(1.8, 2.1),
                rng.uniform(1.45, 1.7),
                rng.uniform(0.85, 1.2),
                rng.uniform(0.78, 0.95),
                rng.uniform(0.25, 0.45));
        return new MouldingTask(this, id, context, hidden, 0);
    }

    @Override
    public String describe() {
        return Describe.of(this, """
                Injection moulding, PP-like part 120 mm long (cost per part, minimise).
                  tReq    = h²/(pi² a) ln(8/pi² (Tm-Tw)/(100-Tw)) (1+0.1w)      cooling time to eject [s], a = 0.09 mm²/s
                  tFreeze = (0.75h)²/(pi² a) ln(4/pi (Tm-Tw)/(140-Tw))          gate freeze time [s]
                  pReq    = 550 F (15/MFI)^0.9 e^(-0.018(Tm-230)) (v/60)^0.35 (2.4/(h-2 delta))^1.7   fill pressure [bar]
                            delta = 0.9 sqrt(a 50/v) (140-Tw)/(Tm-Tw)           frozen skin [mm]
                  pShort  = s((1.05 pReq - pInj (1-0.06w)) / (0.03 pReq))
                  pPack   = pHold (1-0.06w) (0.55 + 0.25 s((Tm-220)/20)) (1 - e^(-tHold/tFreeze))
                  S       = S0 + 0.0015(Tm-230) + 0.006(Tw-40) - 0.0012 pPack + 0.35 e^(-tCool/tReq)   shrinkage [%]
                  dimensional_error = 1.2 (Snom - S) [mm]                       SOFT within ±0.15 mm
                  warpage = W0 (Tm-Tw)/190 (1 + 1.5 e^(-tCool/tReq)) (1 - 0.35 pPack/600) + 0.12 (v/100)²   SOFT <= 0.5 mm
                  pCav    = smax(pHold (1-0.06w) k, 0.35 smin(pReq, pInj) + 0.3 softplus(pInj-pReq) + 1.2 v)
                  clamp_force = pCav A / 100 [kN]                               HARD <= 1000 kN
                  pFlash  = s((clamp - 1000 fit (1-0.08w) mu^0.1) / 25)
                  p_reject = 1 - (1-0.003)(1-pShort)(1-pFlash)(1-pDim)(1-s((W-0.5)/0.025))(1-0.3 s((Tm-268)/4))(1-0.4 s((233-MFI-Tm)/4))
                            pDim = s((e-0.15)/0.02) + s((-0.15-e)/0.02)
                  cycle   = 50/v + tHold + smax(tCool, 4) + 3.5 [s]
                  cost    = 0.02 cycle + 0.25 + 1.5 p_reject [€]
                Task: MFI ~ U[8,30], ambient ~ U[15,35] °C, h ~ U[1.8,3.0] mm (context); hidden A ~ U[110,160] cm²,
                  S0 ~ U[1.8,2.1] %, Snom ~ U[1.45,1.7] %, F ~ U[0.85,1.2], fit ~ U[0.78,0.95], W0 ~ U[0.25,0.45] mm.
                Drift: w = 1 - exp(-runs/20000): pressures -6 w %, cooling needed +10 w %, flash force -8 w %.
                Sources: Osswald, Turng & Gramann, Injection Molding Handbook; Osswald & Menges; Tadmor & Gogos.""");
    }

}
