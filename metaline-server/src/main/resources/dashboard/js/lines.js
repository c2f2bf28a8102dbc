// Lines: what each production line runs now (product, state, cycle, study), its current setpoints and the last
// measured outcomes, as its connector reported them (GET /api/v1/lines). Refreshed every few seconds.
import { age, api, boot, chip, encode, fill, h, num, serialLoader, setLive, showError, time } from './core.js';

const REFRESH_MS = 3000;
const STALE_SECONDS = 120;

boot(async () => {
    const main = document.getElementById('main');
    const status = h('div', { 'aria-live': 'polite' });
    const updated = h('span', { id: 'updated' });
    const cards = h('div', { class: 'grid cards', id: 'lines' });
    fill(main,
        h('div', { class: 'page-head' },
            h('h1', {}, 'Lines'),
            h('span', { class: 'sub' }, 'Product, state, setpoints and last outcomes of every line at your site'),
            h('div', { class: 'actions' }, updated)),
        status, cards);

    const load = serialLoader(async () => {
        const { lines } = await api('/api/v1/lines');
        fill(status);
        render(cards, lines);
        updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
        setLive('polling');
    }, (e) => { showError(status, e); setLive('offline'); });
    await load();
    setInterval(load, REFRESH_MS);
});

function render(cards, lines) {
    if (lines.length === 0) {
        fill(cards, h('p', { class: 'empty' },
            'No line has reported yet. A connector reports its line with PUT /api/v1/lines/{id}.'));
        return;
    }
    lines.sort((a, b) => a.id.localeCompare(b.id));
    fill(cards, lines.map(card));
}

function card(line) {
    const title = `line-${line.id}`;
    return h('article', { class: 'panel line-card', 'aria-labelledby': title, dataset: { line: line.id } },
        h('h2', { id: title }, line.id, chip(line.state), stale(line.updated)),
        h('dl', { class: 'facts' },
            fact('Product', line.product),
            fact('Cycle', num(line.cycle, 12)),
            fact('Study', line.studyId ? h('a', { class: 'id', href: `study.html?id=${encode(line.studyId)}` }, line.studyId) : '–'),
            fact('Updated', h('span', { title: time(line.updated) }, age(line.updated)))),
        values('Current setpoints', line.setpoints),
        values('Last outcomes', line.lastOutcomes));
}

/** A warning when the line's connector has not reported for a while (it reports every cycle). */
function stale(updated) {
    const seconds = (Date.now() - new Date(updated).getTime()) / 1000;
    return seconds > STALE_SECONDS ? chip(`no report for ${age(updated).replace(' ago', '')}`, 'warn') : null;
}

function fact(label, value) {
    return h('div', {}, h('dt', {}, label), h('dd', {}, value));
}

function values(caption, map) {
    const entries = Object.entries(map || {});
    if (entries.length === 0) return h('p', { class: 'empty' }, `${caption}: none reported`);
    return h('div', { class: 'table-wrap' },
        h('table', { class: 'kv' },
            h('caption', {}, caption),
            h('tbody', {}, entries.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', { class: 'num' }, num(v)))))));
}
