// A thin wrapper over uPlot (loaded as the global uPlot from /webjars) for the study page's charts: trial number
// on x, named series drawn as points, steps, lines, dashed lines, limits or band edges, shaded bands between two
// series, optional fixed y range and category labels. The chart follows its box's width.

const X_INCREMENTS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

/** Draws a chart into box; returns {update(config), destroy(), seriesCount}. */
export function line(box, config) {
    const height = config.height || 240;
    const width = () => Math.max(280, Math.floor(box.clientWidth || box.getBoundingClientRect().width || 600));
    const opts = {
        width: width(),
        height,
        scales: {
            x: { time: false, range: (u, min, max) => xRange(min, max) },
            y: config.yRange ? { range: () => config.yRange } : { range: (u, min, max) => yRange(min, max) },
        },
        series: [{ label: 'trial', value: (u, v) => (v === null || v === undefined ? '–' : `#${v}`) }, ...config.series.map(seriesOptions)],
        axes: [
            { label: 'trial', incrs: X_INCREMENTS, values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
            yAxis(config),
        ],
        bands: (config.bands || []).map((b) => ({ series: [b.upper + 1, b.lower + 1], fill: b.fill })),
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
    };
    const u = new uPlot(opts, data(config), box);
    u.ctx.canvas.setAttribute('role', 'img');
    u.ctx.canvas.setAttribute('aria-label', config.ariaLabel || config.yLabel || 'chart');

    let lastWidth = opts.width;
    const observer = new ResizeObserver(() => {
        const w = width();
        if (Math.abs(w - lastWidth) > 2) {
            lastWidth = w;
            u.setSize({ width: w, height });
        }
    });
    observer.observe(box);
    return {
        seriesCount: config.series.length,
        update(next) {
            config = next;
            u.setData(data(next));
        },
        destroy() {
            observer.disconnect();
            u.destroy();
        },
    };
}

function data(config) {
    return [config.x, ...config.series.map((s) => s.values)];
}

function xRange(min, max) {
    if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
    return [min - 0.5, max + 0.5];
}

function yRange(min, max) {
    if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
    if (min === max) {
        const pad = Math.abs(min) * 0.1 || 1;
        return [min - pad, max + pad];
    }
    const pad = (max - min) * 0.08;
    return [min - pad, max + pad];
}

function yAxis(config) {
    const axis = { label: config.yLabel, size: 64 };
    if (config.yLevels) {
        const levels = config.yLevels;
        axis.splits = () => levels.map((_, i) => i);
        axis.values = (u, splits) => splits.map((i) => levels[i] ?? '');
        axis.size = 90;
    }
    return axis;
}

function seriesOptions(s) {
    // A series with legend: false (a band's second edge) gets a class that hides its legend row.
    const base = { label: s.label, stroke: s.color, width: s.width || 1.5, spanGaps: false, points: { show: false },
        class: s.legend === false ? 'no-legend' : undefined };
    switch (s.kind) {
        case 'points':
            return { ...base, width: 0, paths: () => null, points: { show: true, size: s.size || 8, stroke: s.color, fill: s.color, width: 1 } };
        case 'steps':
            return { ...base, spanGaps: true, paths: uPlot.paths.stepped({ align: 1 }) };
        case 'line':
            return { ...base, spanGaps: true, points: { show: true, size: 6, stroke: s.color, fill: '#fff', width: 1.5 } };
        case 'dashed':
            return { ...base, dash: [6, 4] };
        case 'limit':
            return { ...base, width: 2, dash: [10, 5] };
        case 'bound':
        case 'hidden':
        default:
            return { ...base, width: 1 };
    }
}
