// Model registry: meta-trained surrogate models with their training status, progress, metrics and learning curve
// (GET /api/v1/models). Refreshes while a training job is queued or running. The learning curve uses Chart.js.
import { api, boot, chip, encode, fill, h, num, setLive, shortTime, showError, table, time } from './core.js';

const REFRESH_MS = 3000;

let models = [];
let selectedId = new URLSearchParams(location.search).get('id');
let curveChart = null;

boot(async () => {
    const main = document.getElementById('main');
    const status = h('div', { 'aria-live': 'polite' });
    const list = h('div', { id: 'models' });
    const detail = h('section', { class: 'panel', id: 'model-detail', 'aria-live': 'polite' });
    fill(main,
        h('div', { class: 'page-head' },
            h('h1', {}, 'Models'),
            h('span', { class: 'sub' }, 'Meta-trained surrogates: training status, metrics and learning curves')),
        status,
        h('div', { class: 'grid' }, h('section', { class: 'panel' }, list), detail));

    const load = async () => {
        try {
            models = (await api('/api/v1/models')).models;
            fill(status);
            if (!selectedId && models.length > 0) selectedId = newestFirst(models)[0].id;
            renderList(list);
            renderDetail(detail);
            const busy = models.some((m) => m.status === 'queued' || m.status === 'running');
            setLive(busy ? 'polling' : 'static');
            if (busy) setTimeout(load, REFRESH_MS);
        } catch (e) {
            showError(status, e);
            setTimeout(load, REFRESH_MS * 3);
        }
    };
    list.addEventListener('click', (ev) => {
        const button = ev.target.closest('button[data-model]');
        if (!button) return;
        selectedId = button.dataset.model;
        history.replaceState(null, '', `?id=${encode(selectedId)}`);
        renderList(list);
        renderDetail(detail);
    });
    await load();
});

function newestFirst(list) {
    return [...list].sort((a, b) => String(b.created).localeCompare(String(a.created)));
}

function renderList(el) {
    if (models.length === 0) {
        fill(el, h('p', { class: 'empty' }, 'No model yet. An administrator starts training with POST /api/v1/models.'));
        return;
    }
    const rows = newestFirst(models).map((m) => h('tr', { dataset: { model: m.id }, class: m.id === selectedId ? 'is-best' : null },
        h('th', { scope: 'row' },
            h('button', { type: 'button', 'data-model': m.id, 'aria-pressed': String(m.id === selectedId) }, `${m.name} v${m.version}`)),
        h('td', { class: 'id' }, m.id),
        h('td', {}, chip(m.status)),
        h('td', {}, progress(m)),
        h('td', {}, m.algorithm),
        h('td', {}, metricsText(m.metrics, 3)),
        h('td', { class: 'id' }, m.datasetId),
        h('td', { title: time(m.created) }, shortTime(m.created))));
    fill(el, table('Models, newest first; choose one to see its learning curve',
        ['Model', 'Id', 'Status', 'Progress', 'Algorithm', 'Metrics', 'Dataset', 'Created'], rows));
}

function progress(m) {
    const pct = Math.round(Math.max(0, Math.min(1, m.progress || 0)) * 100);
    return h('div', {},
        h('div', { class: 'progress', role: 'progressbar', 'aria-label': `Training progress of ${m.name}`,
            'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct) },
            h('span', { style: `width:${pct}%` })),
        h('span', { class: 'muted' }, `${pct}%`));
}

function metricsText(metrics, max) {
    const entries = Object.entries(metrics || {});
    if (entries.length === 0) return '–';
    const shown = entries.slice(0, max).map(([k, v]) => `${k} ${num(v)}`).join(', ');
    return entries.length > max ? `${shown}, … (${entries.length - max} more)` : shown;
}

function renderDetail(el) {
    const m = models.find((x) => x.id === selectedId);
    if (curveChart) { curveChart.destroy(); curveChart = null; }
    if (!m) {
        fill(el, h('h2', {}, 'Learning curve'), h('p', { class: 'empty' }, 'Choose a model.'));
        return;
    }
    const canvas = h('canvas', { id: 'learning-curve', role: 'img',
        'aria-label': `Learning curve of ${m.name} version ${m.version}: loss against iteration` });
    fill(el,
        h('header', {}, h('h2', {}, `${m.name} v${m.version}`), chip(m.status)),
        h('dl', { class: 'facts' },
            fact('Id', h('span', { class: 'id' }, m.id)), fact('Algorithm', m.algorithm), fact('Seed', String(m.seed)),
            fact('Inputs', (m.inputs || []).join(', ')), fact('Outputs', (m.outputs || []).join(', ')),
            m.objective ? fact('Objective learnt over limits', `${m.objective} over ${limitsText(m.constraints)}`) : null,
            fact('Dataset', h('span', { class: 'id' }, m.datasetId)), fact('Created by', h('span', { class: 'id' }, m.createdBy || '–')), fact('Finished', time(m.finished)),
            fact('Checksum', m.checksum ? h('code', {}, m.checksum.slice(0, 16) + '…') : '–')),
        m.error ? h('p', { class: 'message error', role: 'alert' }, `Training failed: ${m.error}`) : null,
        metricsTable(m.metrics),
        h('figure', { class: 'chart' },
            h('figcaption', {}, 'Learning curve ', h('span', { class: 'muted' }, '(meta-training loss per iteration)')),
            (m.learningCurve || []).length === 0
                ? h('p', { class: 'empty' }, 'No learning-curve points yet.')
                : h('div', { class: 'chart-box curve' }, canvas)));
    if ((m.learningCurve || []).length > 0) drawCurve(canvas, m);
}

/** Limits as a study declares them, one phrase each: "peak_temperature <= 260 (hard)". */
function limitsText(constraints) {
    return (constraints || []).map(c => `${c.outcome} ${c.lower !== undefined ? '>= ' + c.lower : '<= ' + c.upper}`
        + (c.hard ? ' (hard)' : '')).join(', ');
}

function metricsTable(metrics) {
    const entries = Object.entries(metrics || {});
    if (entries.length === 0) return h('p', { class: 'empty' }, 'No metrics yet.');
    return table('Metrics', ['Metric', 'Value'],
        entries.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', { class: 'num' }, num(v)))), { numeric: [1] });
}

function fact(label, value) {
    return h('div', {}, h('dt', {}, label), h('dd', {}, value));
}

function drawCurve(canvas, m) {
    const points = m.learningCurve.filter((p) => p[1] !== null && Number.isFinite(p[1])).map((p) => ({ x: p[0], y: p[1] }));
    const positive = points.every((p) => p.y > 0);
    // Meta-training losses are noisy (a new task batch each iteration): a moving average shows the trend.
    const span = Math.max(1, Math.round(points.length / 20));
    const smooth = points.map((p, i) => {
        const part = points.slice(Math.max(0, i - span + 1), i + 1);
        return { x: p.x, y: part.reduce((a, q) => a + q.y, 0) / part.length };
    });
    curveChart = new Chart(canvas, {
        type: 'line',
        data: {
            datasets: [
                { label: 'loss', data: points, borderColor: 'rgba(11, 92, 173, 0.35)', backgroundColor: 'rgba(11, 92, 173, 0.35)', pointRadius: 0, borderWidth: 1 },
                { label: `moving average of ${span}`, data: smooth, borderColor: '#0b5cad', backgroundColor: '#0b5cad', pointRadius: 0, borderWidth: 2.5 },
            ],
        },
        options: {
            animation: false,
            maintainAspectRatio: false,
            parsing: false,
            scales: {
                x: { type: 'linear', title: { display: true, text: 'iteration' } },
                y: { type: positive ? 'logarithmic' : 'linear', title: { display: true, text: positive ? 'loss (log scale)' : 'loss' } },
            },
            plugins: { legend: { display: span > 1 }, tooltip: { mode: 'nearest', intersect: false } },
        },
    });
}
