// Studies: every study of the site with its progress and best result; follows the event stream, so new trials and
// studies appear without reloading.
import { api, boot, chip, encode, fill, followEvents, h, num, serialLoader, setLive, shortTime, showError, table, time } from './core.js';

boot(async () => {
    const main = document.getElementById('main');
    const status = h('div', { 'aria-live': 'polite' });
    const list = h('div', { id: 'studies' });
    fill(main,
        h('div', { class: 'page-head' },
            h('h1', {}, 'Studies'),
            h('span', { class: 'sub' }, 'Optimisation studies of your site; open one to follow it and approve suggestions')),
        status,
        h('section', { class: 'panel' }, list));

    const load = serialLoader(async () => {
        const { studies } = await api('/api/v1/studies');
        fill(status);
        render(list, studies);
    }, (e) => showError(status, e));
    await load();
    followEvents(() => load(), setLive);
    setInterval(load, 30000); // a safety net if an event was missed
});

function render(el, studies) {
    if (studies.length === 0) {
        fill(el, h('p', { class: 'empty' }, 'No study yet. An administrator creates one with POST /api/v1/studies.'));
        return;
    }
    studies.sort((a, b) => String(b.created).localeCompare(String(a.created)));
    const rows = studies.map((s) => h('tr', { dataset: { study: s.id } },
        h('th', { scope: 'row' }, h('a', { href: `study.html?id=${encode(s.id)}` }, s.name)),
        h('td', { class: 'id' }, s.id),
        h('td', { class: 'num' }, num(s.trials, 10)),
        h('td', { class: 'num' }, num(s.completed, 10)),
        h('td', {}, s.best ? bestText(s.best) : h('span', { class: 'muted' }, 'none within limits yet')),
        h('td', {}, s.priorModelId ? chip(`prior ${s.priorModelId}`, 'ok') : chip('Gaussian process')),
        h('td', { title: time(s.created) }, shortTime(s.created)),
        h('td', { class: 'id' }, s.createdBy || '–')));
    fill(el, table('Studies, newest first',
        ['Name', 'Id', 'Trials', 'Completed', 'Best trial', 'Surrogate', 'Created', 'Created by'], rows,
        { numeric: [2, 3] }));
}

function bestText(trial) {
    const outcomes = Object.entries(trial.outcomes || {}).map(([k, v]) => `${k} ${num(v)}`).join(', ');
    return `#${trial.id}: ${outcomes}`;
}
