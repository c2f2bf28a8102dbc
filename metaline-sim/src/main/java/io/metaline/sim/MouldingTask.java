package io.metaline.sim;

import java.util.List;
import java.util.Map;

/** A task of {@link InjectionMoulding}: a part, mould, material lot and machine; see the family for the equations. */
final class MouldingTask extends AbstractProcessTask {

    /** Task variation the line does not report. */
    record Hidden(double projectedArea, double unpackedShrinkage, double shrinkAllowance, double flowFactor,
                  double partingLineFit, double warpScale) {
    }

    private static final double ALPHA = 0.09;        // mm²/s, thermal diffusivity
    private static final double EJECT = 100;         // °C
    private static final double NO_FLOW = 140;       // °C
    private static final double STROKE = 50;         // mm of screw travel to fill
    private static final double LENGTH = 120;        // mm, the toleranced dimension
    private static final double PI2 = Math.PI * Math.PI;

    private final Hidden hidden;
    private final double mfi;
    private final double ambient;
    private final double thickness;

    MouldingTask(InjectionMoulding family, String id, Map<String, Double> context, Hidden hidden, int age) {
        super(family, id, context, age);
        this.hidden = hidden;
        this.mfi = context.get("material_mfi");
        this.ambient = context.get("ambient_temperature");
        this.thickness = context.get("wall_thickness");
    }

    @Override
    double[] model(double[] x) {
        double tm = x[0];
        double tw = x[1] + 0.08 * (ambient - 25);
        double speed = x[2];
        double pInj = x[3];
        double pHold = x[4];
        double tHold = x[5];
        double tCool = x[6];
        double w = Smooth.wear(age(), InjectionMoulding.WEAR_SCALE);
        double h = thickness;

        double tReq = h * h / (PI2 * ALPHA) * Math.log(8 / PI2 * (tm - tw) / (EJECT - tw)) * (1 + 0.1 * w);
        double gate = 0.75 * h;
        double tFreeze = gate * gate / (PI2 * ALPHA) * Math.log(4 / Math.PI * (tm - tw) / (NO_FLOW - tw));

        double mu = Math.pow(15 / mfi, 0.9) * Math.exp(-0.018 * (tm - 230));
        double tFill = STROKE / speed;
        double skin = 0.9 * Math.sqrt(ALPHA * tFill) * (NO_FLOW - tw) / (tm - tw);
        double pReq = 550 * hidden.flowFactor() * mu * Math.pow(speed / 60, 0.35)
                * Math.pow(2.4 / (h - 2 * skin), 1.7);
        double pAvail = pInj * (1 - 0.06 * w);
        double pShort = Smooth.logistic((1.05 * pReq - pAvail) / (0.03 * pReq));

        double transmission = 0.55 + 0.25 * Smooth.logistic((tm - 220) / 20);
        double holdAtCavity = pHold * (1 - 0.06 * w) * transmission;
        double pPack = holdAtCavity * (1 - Math.exp(-tHold / tFreeze));
        double shrinkage = hidden.unpackedShrinkage() + 0.0015 * (tm - 230) + 0.006 * (tw - 40) - 0.0012 * pPack
                + 0.35 * Math.exp(-tCool / tReq);
        double dimError = LENGTH * (hidden.shrinkAllowance() - shrinkage) / 100;
        double warpage = hidden.warpScale() * (tm - tw) / 190 * (1 + 1.5 * Math.exp(-tCool / tReq))
                * (1 - 0.35 * pPack / 600) + 0.12 * (speed / 100) * (speed / 100);

        double fillAtCavity = 0.35 * Smooth.smoothMin(pReq, pAvail, 20) + 0.3 * Smooth.softplus(pAvail - pReq, 20)
                + 1.2 * speed;
        double cavity = Smooth.smoothMax(holdAtCavity, fillAtCavity, 20);
        double clamp = cavity * hidden.projectedArea() / 100;
        double flashForce = InjectionMoulding.CLAMP_LIMIT * hidden.partingLineFit() * (1 - 0.08 * w)
                * Math.pow(mu, 0.1);
        double pFlash = Smooth.logistic((clamp - flashForce) / 25);

        double tol = InjectionMoulding.TOLERANCE;
        double pDim = Smooth.logistic((dimError - tol) / 0.02) + Smooth.logistic((-tol - dimError) / 0.02);
        double pWarp = Smooth.logistic((warpage - InjectionMoulding.WARPAGE_SPEC) / 0.025);
        double pDegrade = 0.3 * Smooth.logistic((tm - 268) / 4);
        double pColdMelt = 0.4 * Smooth.logistic((218 + (15 - mfi) - tm) / 4);
        double pReject = Smooth.any(0.003, pShort, pFlash, Math.min(1, pDim), pWarp, pDegrade, pColdMelt);

        double cycle = tFill + tHold + Smooth.smoothMax(tCool, 4, 1) + 3.5;
        double cost = 0.02 * cycle + 0.25 + 1.5 * pReject;
        return new double[] {cost, clamp, dimError, warpage, 100 * pReject, 100 * pShort, 100 * pFlash, cycle};
    }

    @Override
    List<MeasurementNoise> noise() {
        return InjectionMoulding.NOISE;
    }

    @Override
    ProcessTask withAge(int age) {
        return new MouldingTask((InjectionMoulding) family(), id(), context(), hidden, age);
    }
}
