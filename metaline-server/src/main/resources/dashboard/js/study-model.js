// Pure functions that turn a study (GET /api/v1/studies/{id}) into what the study page shows: feasibility of each
// trial, the best-so-far series, each parameter's trajectory with its bounds and step envelope, and predicted
// against observed outcomes. No DOM here. The rules mirror the optimiser's: a trial is best only if it meets every
// limit, and each suggestion may move at most maxStep from the one suggested before it.

/** Limits of the study as {outcome, kind: 'lower'|'upper', limit, hard}. */
export function limits(spec) {
    const out = [];
    for (const c of spec.constraints || []) {
        if (c.lower !== undefined && c.lower !== null) out.push({ outcome: c.outcome, kind: 'lower', limit: c.lower, hard: !!c.hard });
        if (c.upper !== undefined && c.upper !== null) out.push({ outcome: c.outcome, kind: 'upper', limit: c.upper, hard: !!c.hard });
    }
    return out;
}

/** The limits a completed trial's outcomes break (a missing outcome counts as not meeting its limit). */
export function violations(trial, studyLimits) {
    if (trial.status !== 'completed') return [];
    return studyLimits.filter((l) => {
        const v = (trial.outcomes || {})[l.outcome];
        if (typeof v !== 'number') return true;
        return l.kind === 'upper' ? v > l.limit : v < l.limit;
    });
}

export function breaks(limit, value) {
    if (typeof value !== 'number') return false;
    return limit.kind === 'upper' ? value > limit.limit : value < limit.limit;
}

/** Everything the page derives from one study view. */
export function analyse(view) {
    const spec = view.spec;
    const trials = [...(view.trialList || [])].sort((a, b) => a.id - b.id);
    const studyLimits = limits(spec);
    const objective = spec.objective.outcome;
    const maximise = spec.objective.direction === 'maximize';
    const better = (a, b) => (maximise ? a > b : a < b);

    // Best so far, over completed trials in the order they were suggested.
    const completed = trials.filter((t) => t.status === 'completed');
    const bestSeries = { x: [], feasible: [], infeasible: [], best: [] };
    let best = null;
    let bestTrial = null;
    for (const t of completed) {
        const v = t.outcomes[objective];
        const ok = violations(t, studyLimits).length === 0 && typeof v === 'number';
        if (ok && (best === null || better(v, best))) { best = v; bestTrial = t.id; }
        bestSeries.x.push(t.id);
        bestSeries.feasible.push(ok ? v : null);
        bestSeries.infeasible.push(!ok && typeof v === 'number' ? v : null);
        bestSeries.best.push(best);
    }

    const parameters = (spec.parameters || []).map((p) => parameterSeries(p, trials));

    // Outcomes: the objective first, then each limited outcome, then anything else observed.
    const names = [objective];
    for (const l of studyLimits) if (!names.includes(l.outcome)) names.push(l.outcome);
    for (const t of trials) {
        for (const k of Object.keys(t.outcomes || {})) if (!names.includes(k)) names.push(k);
        for (const k of Object.keys(t.predictions || {})) if (!names.includes(k)) names.push(k);
    }
    const outcomes = names.map((name) => outcomeSeries(name, trials, studyLimits.filter((l) => l.outcome === name)));

    return {
        trials,
        limits: studyLimits,
        objective,
        maximise,
        best,
        bestTrial,
        bestSeries,
        parameters,
        outcomes,
        pending: trials.filter((t) => t.status === 'pending'),
        counts: {
            all: trials.length,
            completed: completed.length,
            failed: trials.filter((t) => t.status === 'failed').length,
            pending: trials.filter((t) => t.status === 'pending').length,
        },
    };
}

/**
 * A parameter's trajectory over all trials (pending ones too: they are what the line will run next), its bounds,
 * and the envelope each value had to stay in: the previous suggestion +/- maxStep, clipped to the bounds.
 */
export function parameterSeries(p, trials) {
    const categorical = p.type === 'categorical';
    const lower = categorical ? 0 : p.lower;
    const upper = categorical ? (p.categories || []).length - 1 : p.upper;
    const maxStep = typeof p.maxStep === 'number' ? p.maxStep : null;
    const s = { spec: p, categorical, lower, upper, maxStep, x: [], value: [], pending: [], lo: [], hi: [], stepLo: [], stepHi: [], stepViolations: 0 };
    let previous = null;
    for (const t of trials) {
        const v = (t.parameters || {})[p.name];
        s.x.push(t.id);
        s.value.push(typeof v === 'number' ? v : null);
        s.pending.push(t.status === 'pending' && typeof v === 'number' ? v : null);
        s.lo.push(lower);
        s.hi.push(upper);
        if (previous !== null && maxStep !== null) {
            s.stepLo.push(Math.max(lower, previous - maxStep));
            s.stepHi.push(Math.min(upper, previous + maxStep));
            // A tiny tolerance for rounding in the JSON numbers.
            if (typeof v === 'number' && Math.abs(v - previous) > maxStep * (1 + 1e-9) + 1e-12) s.stepViolations++;
        } else {
            s.stepLo.push(null);
            s.stepHi.push(null);
        }
        if (typeof v === 'number') previous = v;
    }
    return s;
}

/** Observed values, the suggestion's prediction (mean +/- 2 std) and the outcome's limits, per trial. */
export function outcomeSeries(name, trials, outcomeLimits) {
    const s = { name, limits: outcomeLimits, x: [], observed: [], violated: [], mean: [], lo: [], hi: [], covered: 0, compared: 0 };
    for (const t of trials) {
        const obs = t.status === 'completed' ? (t.outcomes || {})[name] : undefined;
        const pred = (t.predictions || {})[name];
        const hasObs = typeof obs === 'number';
        const hasPred = pred && typeof pred.mean === 'number';
        if (!hasObs && !hasPred) continue;
        s.x.push(t.id);
        s.observed.push(hasObs ? obs : null);
        s.violated.push(hasObs && outcomeLimits.some((l) => breaks(l, obs)) ? obs : null);
        const sd = hasPred && typeof pred.std === 'number' ? pred.std : 0;
        s.mean.push(hasPred ? pred.mean : null);
        s.lo.push(hasPred ? pred.mean - 2 * sd : null);
        s.hi.push(hasPred ? pred.mean + 2 * sd : null);
        if (hasObs && hasPred) {
            s.compared++;
            if (obs >= pred.mean - 2 * sd && obs <= pred.mean + 2 * sd) s.covered++;
        }
    }
    return s;
}
