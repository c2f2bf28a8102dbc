// The study page: how the optimisation is going (best so far), where each parameter has been moved within its
// bounds and step limit, how well the model predicted each outcome, the limits and any violation, every trial,
// and the pending suggestions an operator approves or rejects before a connector writes them to the line.
// Follows the event stream and redraws in place on every change of this study.
import { analyse } from './study-model.js';
import { line as lineChart } from './charts.js';
import {
    ApiError, api, boot, canOperate, chip, encode, fill, followEvents, h, num, serialLoader, setLive, showError,
    shortTime, table, time, toast,
} from './core.js';

const studyId = new URLSearchParams(location.search).get('id');
const charts = new Map(); // key -> chart wrapper, kept across refreshes so the page redraws in place
const approvals = new Map(); // trial id -> "approved" | "rejected", as last read or decided here
let who = null;
let layout = null;
let reload = () => {};

boot(async (principal) => {
    who = principal;
    const main = document.getElementById('main');
    if (!studyId) {
        fill(main, h('p', { class: 'message error', role: 'alert' }, 'No study chosen. '),
            h('a', { href: 'studies.html' }, 'Choose a study'));
        return;
    }
    const status = h('div', { 'aria-live': 'polite' });
    fill(main, status);
    let first = true;
    const load = serialLoader(async () => {
        const view = await api(`/api/v1/studies/${encode(studyId)}`);
        const model = analyse(view);
        const [lines] = await Promise.all([linesOfStudy(), readApprovals(view, model)]);
        fill(status);
        if (!layout) layout = buildLayout(main, view, model);
        render(view, model);
        renderLines(lines);
        first = false;
    }, (e) => showError(status, e));
    reload = load;
    await load();
    if (first) { // the study could not be shown at all (unknown id, another site's, server down): say so and stop
        status.append(h('p', {}, h('a', { href: 'studies.html' }, 'Back to the studies')));
        setLive('static');
        return;
    }
    followEvents((ev) => {
        if (ev.kind === 'reconnected' || ev.studyId === studyId) load();
    }, setLive);
    setInterval(load, 20000); // a safety net if an event was missed
});

/** The lines whose connector reports that they run this study (empty if the lines cannot be read). */
async function linesOfStudy() {
    try {
        return (await api('/api/v1/lines')).lines.filter((x) => x.studyId === studyId);
    } catch (e) {
        if (e instanceof ApiError && e.status !== 401) return [];
        throw e;
    }
}

/** Reads the approval of each pending trial (the study view does not carry it). */
async function readApprovals(view, model) {
    const pending = model.pending.slice(-10);
    await Promise.all(pending.map(async (t) => {
        if ('approval' in t) { setApproval(t.id, t.approval); return; }
        try {
            const trial = await api(`/api/v1/studies/${encode(studyId)}/trials/${t.id}`);
            setApproval(t.id, trial.approval);
        } catch (e) {
            if (!(e instanceof ApiError)) throw e;
        }
    }));
}

function setApproval(trialId, approval) {
    if (approval) approvals.set(trialId, approval);
    else approvals.delete(trialId);
}

// ------------------------------------------------------------------ layout (built once)

function buildLayout(main, view, model) {
    const l = {
        title: h('h1', { id: 'study-title' }),
        sub: h('span', { class: 'sub' }),
        updated: h('span', { id: 'updated' }),
        state: h('div', { id: 'study-state', 'aria-live': 'polite' }),
        facts: h('dl', { class: 'facts', id: 'study-facts' }),
        lines: h('div', { id: 'study-lines' }),
        pending: h('div', { id: 'pending' }),
        best: h('div', { class: 'chart-box', id: 'best-chart' }),
        bestCaption: h('span', { class: 'muted' }),
        parameters: h('div', { class: 'charts', id: 'parameter-charts' }),
        outcomes: h('div', { class: 'charts', id: 'outcome-charts' }),
        trials: h('div', { id: 'trials' }),
    };
    fill(main,
        h('div', { class: 'page-head' }, l.title, l.sub, h('div', { class: 'actions' }, l.updated)),
        l.state,
        h('section', { class: 'panel block', 'aria-labelledby': 'summary-h' },
            h('h2', { id: 'summary-h', class: 'visually-hidden' }, 'Summary'), l.facts, l.lines),
        h('section', { class: 'panel block', 'aria-labelledby': 'pending-h' },
            h('header', {}, h('h2', { id: 'pending-h' }, 'Pending suggestions'),
                h('span', { class: 'hint' }, 'Settings the optimiser proposes next; a connector writes them to the line once approved.')),
            l.pending),
        h('section', { class: 'panel block', 'aria-labelledby': 'best-h' },
            h('figure', { class: 'chart', id: 'best-figure' },
                h('figcaption', { id: 'best-h' }, `Best ${model.objective} so far `, l.bestCaption),
                l.best)),
        h('section', { class: 'panel block', 'aria-labelledby': 'outcomes-h' },
            h('header', {}, h('h2', { id: 'outcomes-h' }, 'Outcomes: predicted against observed, with limits'),
                h('span', { class: 'hint' }, 'Band: the model\'s mean ± 2 standard deviations when it suggested the trial. '
                    + 'Dashed red: hard limit; dashed amber: soft limit; red dots: observed outside a limit.')),
            l.outcomes),
        h('section', { class: 'panel block', 'aria-labelledby': 'params-h' },
            h('header', {}, h('h2', { id: 'params-h' }, 'Parameters: trajectory within bounds and step limit'),
                h('span', { class: 'hint' }, 'Blue band: declared bounds; green band: how far each suggestion could move from the one before '
                    + '(± max step); orange: pending suggestion.')),
            l.parameters),
        h('section', { class: 'panel block', 'aria-labelledby': 'trials-h' },
            h('h2', { id: 'trials-h' }, 'Trials'), l.trials));
    // One figure per parameter and per outcome; the study's declaration does not change.
    l.parameterBoxes = model.parameters.map((p) => {
        const box = h('div', { class: 'chart-box small', dataset: { parameter: p.spec.name } });
        const caption = h('span', { class: 'muted' });
        l.parameters.append(h('figure', { class: 'chart' },
            h('figcaption', {}, p.spec.name, p.spec.unit ? ` [${p.spec.unit}] ` : ' ', caption), box));
        return { box, caption };
    });
    l.outcomeBoxes = new Map();
    return l;
}

// ------------------------------------------------------------------ rendering

function render(view, model) {
    const l = layout;
    l.title.textContent = view.name;
    l.sub.textContent = `${view.id} · ${model.maximise ? 'maximise' : 'minimise'} ${model.objective}`;
    l.updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    document.title = `${view.name} · MetaLine`;
    renderState(view);
    renderFacts(view, model);
    renderPending(view, model);
    renderBest(model);
    renderOutcomes(model);
    renderParameters(model);
    renderTrials(view, model);
}

function renderState(view) {
    const s = view.state || '';
    if (!s || s === 'running') fill(layout.state);
    else fill(layout.state, h('p', { class: `message ${s.startsWith('no safe') ? 'error' : 'info'}`, role: 'status' }, `State: ${s}`));
}

function fact(label, value) {
    return h('div', {}, h('dt', {}, label), h('dd', {}, value));
}

/** The settings the model rates best among the runs within every limit (measurements are noisy; the best one may be luck). */
function recommendedText(view) {
    const r = view.recommended;
    if (!r) return 'none within limits yet';
    const settings = Object.entries(r.parameters || {}).map(([k, v]) => `${k} ${num(v)}`).join(', ');
    return h('span', { title: 'the run the model rates best among those within every limit' }, `trial #${r.id}: ${settings}`);
}

function renderFacts(view, model) {
    const spec = view.spec;
    fill(layout.facts,
        fact('State', chip(view.state || 'unknown', view.state === 'running' ? 'running' : 'warn')),
        fact('Objective', `${model.maximise ? 'maximise' : 'minimise'} ${model.objective}`),
        fact('Best', model.best === null ? 'none within limits yet' : `${num(model.best)} (trial #${model.bestTrial})`),
        fact('Recommended', recommendedText(view)),
        fact('Trials', `${model.counts.all} (${model.counts.completed} completed, ${model.counts.failed} failed, ${model.counts.pending} pending)`),
        fact('Limits', model.limits.length === 0 ? 'none'
            : model.limits.map((x) => `${x.outcome} ${x.kind === 'upper' ? '≤' : '≥'} ${num(x.limit)}${x.hard ? ' (hard)' : ''}`).join('; ')),
        fact('Surrogate', view.priorModelId ? h('a', { href: `models.html?id=${encode(view.priorModelId)}` }, `meta-learned prior ${view.priorModelId}`) : 'Gaussian process'),
        fact('Acquisition', spec.acquisition === 'ucb' ? 'upper confidence bound' : 'expected improvement'),
        fact('Safe mode', spec.safety && spec.safety.enabled ? `on (β = ${num(spec.safety.beta)})` : 'off'),
        fact('Created', h('span', { title: time(view.created) }, shortTime(view.created))),
        fact('Created by', h('span', { class: 'id' }, view.createdBy || '–')));
}

function renderLines(lines) {
    if (lines.length === 0) {
        fill(layout.lines, h('p', { class: 'hint' }, 'No line reports running this study.'));
        return;
    }
    const rows = lines.map((x) => h('tr', { dataset: { line: x.id } },
        h('th', { scope: 'row' }, h('a', { href: 'index.html' }, x.id)),
        h('td', {}, chip(x.state)),
        h('td', {}, x.product),
        h('td', { class: 'num' }, num(x.cycle, 12)),
        h('td', {}, Object.entries(x.setpoints || {}).map(([k, v]) => `${k} ${num(v)}`).join(', ') || '–'),
        h('td', { title: time(x.updated) }, shortTime(x.updated))));
    fill(layout.lines, table('Lines running this study', ['Line', 'State', 'Product', 'Cycle', 'Current setpoints', 'Reported'], rows, { numeric: [3] }));
}

// ------------------------------------------------------------------ pending suggestions

function renderPending(view, model) {
    const el = layout.pending;
    if (model.pending.length === 0) {
        el.dataset.signature = '';
        fill(el, h('p', { class: 'empty' }, 'No pending suggestion. The line\'s connector asks for the next one.'));
        return;
    }
    // Keep what an operator is typing and any error shown: only rebuild when the set of pending trials or their
    // approval changed.
    const signature = model.pending.map((t) => `${t.id}:${approvals.get(t.id) || ''}`).join(',');
    if (el.dataset.signature === signature) return;
    el.dataset.signature = signature;
    fill(el, model.pending.map((t) => suggestionCard(view, model, t)));
}

function suggestionCard(view, model, trial) {
    const approval = approvals.get(trial.id);
    const previous = model.trials.filter((t) => t.id < trial.id).pop();
    const feedback = h('div', { 'aria-live': 'assertive' });
    const paramRows = view.spec.parameters.map((p) => {
        const v = trial.parameters[p.name];
        const before = previous ? previous.parameters[p.name] : undefined;
        const levels = p.type === 'categorical' ? p.categories : null;
        const change = typeof before !== 'number' || typeof v !== 'number' ? '–'
            : levels ? (Math.round(before) === Math.round(v) ? 'same' : 'changed')
                : `${v - before > 0 ? '+' : ''}${num(v - before)}`;
        const show = (x) => (levels && typeof x === 'number' ? levels[Math.round(x)] ?? num(x) : num(x));
        return h('tr', {},
            h('th', { scope: 'row' }, p.name, p.unit ? ` [${p.unit}]` : ''),
            h('td', { class: 'num' }, typeof before === 'number' ? show(before) : '–'),
            h('td', { class: 'num' }, h('strong', {}, show(v))),
            h('td', { class: 'num' }, change),
            h('td', { class: 'num' }, typeof p.maxStep !== 'number' ? 'none' : levels ? (p.maxStep === 0 ? 'fixed' : 'may change') : num(p.maxStep)),
            h('td', { class: 'num' }, levels ? levels.join(' / ') : `${num(p.lower)} … ${num(p.upper)}`));
    });
    const predictions = Object.entries(trial.predictions || {});
    const predictionRows = predictions.map(([outcome, pr]) => {
        const lo = pr.mean - 2 * pr.std;
        const hi = pr.mean + 2 * pr.std;
        const relevant = model.limits.filter((x) => x.outcome === outcome);
        const risk = relevant.filter((x) => (x.kind === 'upper' ? hi > x.limit : lo < x.limit));
        return h('tr', {},
            h('th', { scope: 'row' }, outcome),
            h('td', { class: 'num' }, num(pr.mean)),
            h('td', { class: 'num' }, `${num(lo)} … ${num(hi)}`),
            h('td', {}, relevant.length === 0 ? '–'
                : risk.length === 0 ? chip('within limits', 'ok')
                    : chip(`may cross ${risk.map((x) => `${x.kind} ${num(x.limit)}`).join(', ')}`, risk.some((x) => x.hard) ? 'bad' : 'warn')));
    });

    const operate = canOperate(who);
    const reasonId = `reject-reason-${trial.id}`;
    const reason = h('input', { type: 'text', id: reasonId, name: 'reason', maxlength: '500', placeholder: 'e.g. material batch not released' });
    const approveButton = h('button', { type: 'button', class: 'approve', 'data-action': 'approve', 'data-trial': trial.id,
        disabled: !operate || approval === 'approved' }, approval === 'approved' ? 'Approved' : `Approve trial #${trial.id}`);
    const rejectButton = h('button', { type: 'button', class: 'reject', 'data-action': 'reject', 'data-trial': trial.id, disabled: !operate },
        `Reject trial #${trial.id}`);
    const decide = async (action) => {
        approveButton.disabled = true;
        rejectButton.disabled = true;
        try {
            const text = reason.value.trim();
            await api(`/api/v1/studies/${encode(studyId)}/trials/${trial.id}/${action}`, {
                method: 'POST', body: action === 'reject' && text ? { reason: text } : undefined,
            });
            setApproval(trial.id, action === 'approve' ? 'approved' : 'rejected');
            toast(`Trial #${trial.id} ${action === 'approve' ? 'approved' : 'rejected'}.`, 'ok');
            layout.pending.dataset.signature = '';
            reload(); // the decision's event also arrives over the stream; this covers a reconnecting stream
        } catch (e) {
            showError(feedback, e);
            approveButton.disabled = !operate || approvals.get(trial.id) === 'approved';
            rejectButton.disabled = !operate;
        }
    };
    approveButton.addEventListener('click', () => decide('approve'));
    rejectButton.addEventListener('click', () => decide('reject'));

    return h('article', { class: `suggestion ${approval || ''}`, dataset: { trial: trial.id, approval: approval || 'awaiting' },
        'aria-labelledby': `suggestion-${trial.id}` },
        h('header', {},
            h('h3', { id: `suggestion-${trial.id}` }, `Trial #${trial.id}`),
            approval === 'approved' ? chip('approved: waiting for the line', 'approved') : chip('awaiting approval', 'awaiting'),
            h('span', { class: 'muted' }, `suggested ${time(trial.created)}`)),
        trial.reason ? h('p', { class: 'reason' }, trial.reason) : null,
        table('Suggested settings', ['Parameter', 'Previous', 'Suggested', 'Change', 'Max step', 'Bounds'], paramRows, { numeric: [1, 2, 3, 4] }),
        predictionRows.length === 0 ? h('p', { class: 'muted' }, 'No prediction: an initial-design point, chosen before the model takes over.')
            : table('Predicted outcomes (mean ± 2 standard deviations)', ['Outcome', 'Mean', 'Range', 'Limits'], predictionRows, { numeric: [1, 2] }),
        feedback,
        h('div', { class: 'decision' },
            approveButton,
            h('div', { class: 'field' }, h('label', { for: reasonId }, 'Reason for rejecting (optional)'), reason),
            rejectButton),
        operate ? null : h('p', { class: 'hint' }, `Your token's role (${who ? who.role : 'unknown'}) may only view; approving needs an operator token.`));
}

// ------------------------------------------------------------------ charts

function renderBest(model) {
    const s = model.bestSeries;
    layout.best.dataset.points = String(s.x.length);
    layout.bestCaption.textContent = s.x.length === 0 ? '(no completed trial yet)'
        : `(${s.x.length} completed trial${s.x.length === 1 ? '' : 's'}; ${model.maximise ? 'higher' : 'lower'} is better)`;
    draw('best', layout.best, {
        ariaLabel: `Best ${model.objective} so far against trial number`,
        yLabel: model.objective,
        x: s.x,
        series: [
            { label: 'within limits', values: s.feasible, kind: 'points', color: '#0b5cad' },
            { label: 'outside a limit', values: s.infeasible, kind: 'points', color: '#b3261e' },
            { label: 'best so far', values: s.best, kind: 'steps', color: '#1d7a46', width: 2.5 },
        ],
    });
}

function renderOutcomes(model) {
    for (const o of model.outcomes) {
        let entry = layout.outcomeBoxes.get(o.name);
        if (!entry) {
            const box = h('div', { class: 'chart-box', dataset: { outcome: o.name } });
            const caption = h('span', { class: 'muted' });
            layout.outcomes.append(h('figure', { class: 'chart' },
                h('figcaption', {}, o.name === model.objective ? `${o.name} (objective) ` : `${o.name} `, caption), box));
            entry = { box, caption };
            layout.outcomeBoxes.set(o.name, entry);
        }
        const violations = o.violated.filter((v) => v !== null).length;
        entry.caption.textContent = [
            o.compared > 0 ? `${o.covered} of ${o.compared} observations inside ± 2 std` : null,
            o.limits.length > 0 ? `${violations} outside a limit` : null,
        ].filter(Boolean).join('; ');
        const series = [
            { label: 'predicted − 2 std', values: o.lo, kind: 'hidden', color: '#7fa7d6', legend: false },
            { label: 'predicted mean ± 2 std', values: o.hi, kind: 'hidden', color: '#7fa7d6' },
            { label: 'predicted mean', values: o.mean, kind: 'dashed', color: '#5b7fa8' },
            { label: 'observed', values: o.observed, kind: 'points', color: '#0b5cad' },
            { label: 'outside a limit', values: o.violated, kind: 'points', color: '#b3261e', size: 11 },
        ];
        for (const lim of o.limits) {
            series.push({ label: `${lim.hard ? 'hard' : 'soft'} ${lim.kind} limit ${num(lim.limit)}`, values: o.x.map(() => lim.limit),
                kind: 'limit', color: lim.hard ? '#b3261e' : '#c98a00' });
        }
        draw(`outcome:${o.name}`, entry.box, {
            ariaLabel: `${o.name}: observed against predicted per trial, with limits`,
            yLabel: o.name, x: o.x, series, bands: [{ upper: 1, lower: 0, fill: 'rgba(11, 92, 173, 0.12)' }],
        });
    }
}

function renderParameters(model) {
    model.parameters.forEach((p, i) => {
        const { box, caption } = layout.parameterBoxes[i];
        caption.textContent = [
            p.categorical ? (p.spec.categories || []).join(' / ') : `bounds ${num(p.lower)} … ${num(p.upper)}`,
            p.maxStep === null ? 'no step limit' : `max step ${num(p.maxStep)}`,
            p.stepViolations > 0 ? `${p.stepViolations} step(s) beyond the limit` : null,
        ].filter(Boolean).join('; ');
        const span = p.upper - p.lower || 1;
        draw(`parameter:${p.spec.name}`, box, {
            ariaLabel: `${p.spec.name} per trial within its bounds and step limit`,
            yLabel: p.spec.unit ? `${p.spec.name} [${p.spec.unit}]` : p.spec.name,
            height: 200,
            x: p.x,
            yRange: [p.lower - 0.06 * span, p.upper + 0.06 * span],
            yLevels: p.categorical ? p.spec.categories : null,
            series: [
                { label: 'bounds', values: p.lo, kind: 'bound', color: '#7fa7d6' },
                { label: 'upper bound', values: p.hi, kind: 'bound', color: '#7fa7d6', legend: false },
                { label: 'step envelope (± max step)', values: p.stepLo, kind: 'hidden', color: '#6dbb8a' },
                { label: 'step envelope high', values: p.stepHi, kind: 'hidden', color: '#6dbb8a', legend: false },
                { label: 'setting', values: p.value, kind: 'line', color: '#12263f' },
                { label: 'pending suggestion', values: p.pending, kind: 'points', color: '#e07b00', size: 11 },
            ],
            bands: [
                { upper: 1, lower: 0, fill: 'rgba(11, 92, 173, 0.08)' },
                { upper: 3, lower: 2, fill: 'rgba(29, 122, 70, 0.18)' },
            ],
        });
    });
}

/** Creates the chart the first time, then only swaps its data (no flicker, no lost zoom on resize). */
function draw(key, box, config) {
    const existing = charts.get(key);
    if (existing && existing.seriesCount === config.series.length) {
        existing.update(config);
        return;
    }
    if (existing) existing.destroy();
    charts.set(key, lineChart(box, config));
}

// ------------------------------------------------------------------ trials table

function renderTrials(view, model) {
    const spec = view.spec;
    const params = spec.parameters;
    const contextNames = (spec.context || []).map((c) => c.name);
    const outcomeNames = model.outcomes.map((o) => o.name);
    const head = ['#', 'Status', ...params.map((p) => p.unit ? `${p.name} [${p.unit}]` : p.name), ...contextNames,
        ...outcomeNames, `Predicted ${model.objective} (± 2 std)`, 'Note', 'Finished'];
    const numeric = [];
    for (let i = 2; i < 2 + params.length + contextNames.length + outcomeNames.length + 1; i++) numeric.push(i);
    const rows = [...model.trials].reverse().map((t) => {
        const broken = new Set((t.status === 'completed' ? model.limits.filter((x) => {
            const v = t.outcomes[x.outcome];
            return typeof v !== 'number' || (x.kind === 'upper' ? v > x.limit : v < x.limit);
        }) : []).map((x) => x.outcome));
        const pred = (t.predictions || {})[model.objective];
        const approval = approvals.get(t.id);
        return h('tr', { dataset: { trial: t.id, status: t.status }, class: t.status === 'pending' ? 'is-pending' : t.id === model.bestTrial ? 'is-best' : null },
            h('th', { scope: 'row' }, `#${t.id}`, t.id === model.bestTrial ? h('span', { class: 'chip ok', title: 'best within limits' }, ' best') : null),
            h('td', {}, chip(t.status), t.status === 'pending' && approval ? [' ', chip(approval)] : null),
            params.map((p) => {
                const v = t.parameters[p.name];
                const shown = p.type === 'categorical' && typeof v === 'number' ? (p.categories[Math.round(v)] ?? num(v)) : num(v);
                return h('td', { class: 'num' }, shown);
            }),
            contextNames.map((c) => h('td', { class: 'num' }, num((t.context || {})[c]))),
            outcomeNames.map((o) => {
                const v = (t.outcomes || {})[o];
                const bad = broken.has(o);
                return h('td', { class: `num${bad ? ' violation' : ''}`, title: bad ? 'outside a limit' : null },
                    t.status === 'completed' ? [num(v), bad ? ' ⚠' : ''] : '–', bad ? h('span', { class: 'visually-hidden' }, ' (outside a limit)') : null);
            }),
            h('td', { class: 'num' }, pred ? `${num(pred.mean)} ± ${num(2 * pred.std, 3)}` : '–'),
            h('td', {}, t.note ? h('span', { class: t.status === 'failed' ? 'violation' : null }, t.note) : null,
                t.reason ? h('details', {}, h('summary', {}, 'why suggested'), h('p', {}, t.reason)) : null),
            h('td', {}, shortTime(t.finished)));
    });
    fill(layout.trials, model.trials.length === 0 ? h('p', { class: 'empty' }, 'No trial yet.')
        : table('Trials, newest first; ⚠ marks an outcome outside a limit', head, rows, { numeric }));
}
