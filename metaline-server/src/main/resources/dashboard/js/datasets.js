// Datasets: the history tables of the site that models are meta-trained on (GET /api/v1/datasets).
import { api, boot, fill, h, num, setLive, shortTime, showError, table, time } from './core.js';

boot(async () => {
    const main = document.getElementById('main');
    const status = h('div', { 'aria-live': 'polite' });
    const list = h('div', { id: 'datasets' });
    fill(main,
        h('div', { class: 'page-head' },
            h('h1', {}, 'Datasets'),
            h('span', { class: 'sub' }, 'Process history of earlier tasks (products, batches, machines), used for meta-training')),
        status,
        h('section', { class: 'panel' }, list));
    setLive('static');
    try {
        const { datasets } = await api('/api/v1/datasets');
        render(list, datasets);
    } catch (e) {
        showError(status, e);
    }
});

function render(el, datasets) {
    if (datasets.length === 0) {
        fill(el, h('p', { class: 'empty' },
            'No dataset yet. An administrator uploads a CSV with POST /api/v1/datasets?name=…&taskColumn=….'));
        return;
    }
    datasets.sort((a, b) => String(b.created).localeCompare(String(a.created)));
    const rows = datasets.map((d) => h('tr', { dataset: { dataset: d.id } },
        h('th', { scope: 'row' }, d.name),
        h('td', { class: 'id' }, d.id),
        h('td', { class: 'num' }, num(d.rows, 12)),
        h('td', { class: 'num' }, num(d.tasks, 12)),
        h('td', {}, d.taskColumn),
        h('td', {}, (d.columns || []).join(', ')),
        h('td', { title: time(d.created) }, shortTime(d.created)),
        h('td', { class: 'id' }, d.createdBy || '–')));
    fill(el, table('Datasets, newest first',
        ['Name', 'Id', 'Rows', 'Tasks', 'Task column', 'Columns', 'Created', 'Created by'], rows, { numeric: [2, 3] }));
}
