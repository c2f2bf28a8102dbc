// The dashboard's shared core: the access token (kept in sessionStorage, so it ends with the browser tab), calls to
// the REST API with "Authorization: Bearer", the study event stream, the sign-in form and small DOM helpers.
// Every page module calls boot(start) and receives the signed-in principal.

const TOKEN_KEY = 'metaline.token';

export const token = {
    get() { return sessionStorage.getItem(TOKEN_KEY); },
    set(secret) { sessionStorage.setItem(TOKEN_KEY, secret); },
    clear() { sessionStorage.removeItem(TOKEN_KEY); },
};

/** An answer of the API that was not 2xx, with the server's {"error","field","expected"} when it sent one. */
export class ApiError extends Error {
    constructor(status, body) {
        const text = body && body.error ? body.error : `HTTP ${status}`;
        const field = body && body.field ? ` (${body.field})` : '';
        super(text + field);
        this.status = status;
        this.field = body ? body.field : undefined;
        this.expected = body ? body.expected : undefined;
    }
}

/** Calls the API; JSON in, JSON out. A 401 signs the user out and shows the sign-in form. */
export async function api(path, { method = 'GET', body, signal } = {}) {
    const headers = { Accept: 'application/json' };
    const secret = token.get();
    if (secret) headers.Authorization = `Bearer ${secret}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, {
        method, headers, signal, cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = res.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await res.json().catch(() => null) : null;
    if (res.status === 401) {
        token.clear();
        showSignIn('Your token was not accepted (unknown or revoked). Sign in again.');
        throw new ApiError(401, data);
    }
    if (!res.ok) throw new ApiError(res.status, data);
    return data;
}

export const encode = encodeURIComponent;

// ------------------------------------------------------------------ server-sent events over fetch

/**
 * Follows GET /api/v1/events with fetch streaming (EventSource cannot send the Authorization header), parsing the
 * text/event-stream format. Reconnects with backoff; after a reconnect it reports {kind: "reconnected"} so a page
 * can reload what it may have missed. onStatus receives "connecting", "live" or "reconnecting". Returns stop().
 */
export function followEvents(onEvent, onStatus = () => {}) {
    let stopped = false;
    let controller = null;
    let backoff = 1000;
    let connectedBefore = false;

    const dispatch = (block) => {
        let kind = 'message';
        const data = [];
        for (const line of block.split(/\r?\n/)) {
            if (line === '' || line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const fieldName = colon < 0 ? line : line.slice(0, colon);
            let value = colon < 0 ? '' : line.slice(colon + 1);
            if (value.startsWith(' ')) value = value.slice(1);
            if (fieldName === 'event') kind = value;
            else if (fieldName === 'data') data.push(value);
        }
        if (data.length === 0) return;
        let payload;
        try { payload = JSON.parse(data.join('\n')); } catch { payload = { raw: data.join('\n') }; }
        onEvent({ kind, ...payload });
    };

    const run = async () => {
        while (!stopped) {
            controller = new AbortController();
            onStatus(connectedBefore ? 'reconnecting' : 'connecting');
            try {
                const res = await fetch('/api/v1/events', {
                    headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token.get()}` },
                    signal: controller.signal,
                    cache: 'no-store',
                });
                if (res.status === 401) {
                    token.clear();
                    showSignIn('Your token was not accepted (unknown or revoked). Sign in again.');
                    return;
                }
                if (!res.ok || !res.body) throw new Error(`event stream: HTTP ${res.status}`);
                onStatus('live');
                backoff = 1000;
                if (connectedBefore) onEvent({ kind: 'reconnected' });
                connectedBefore = true;
                const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
                let buffer = '';
                for (;;) {
                    const { value, done } = await reader.read();
                    if (done) break;
                    buffer += value;
                    const blocks = buffer.split(/\r?\n\r?\n/);
                    buffer = blocks.pop();
                    blocks.forEach(dispatch);
                }
            } catch (e) {
                if (stopped) return;
            }
            if (stopped) return;
            onStatus('reconnecting');
            await sleep(backoff);
            backoff = Math.min(backoff * 2, 15000);
        }
    };
    if (typeof TextDecoderStream === 'undefined' || typeof ReadableStream === 'undefined') {
        return followWithEventSource(onEvent, onStatus);
    }
    run();
    const stop = () => { stopped = true; if (controller) controller.abort(); };
    window.addEventListener('pagehide', stop, { once: true });
    return stop;
}

/**
 * For a browser without fetch streaming: EventSource, which cannot send headers, so the token travels as the
 * access_token query parameter that the server accepts on the event stream only. EventSource reconnects itself.
 */
function followWithEventSource(onEvent, onStatus) {
    const source = new EventSource(`/api/v1/events?access_token=${encodeURIComponent(token.get())}`);
    let connectedBefore = false;
    onStatus('connecting');
    source.onopen = () => {
        onStatus('live');
        if (connectedBefore) onEvent({ kind: 'reconnected' });
        connectedBefore = true;
    };
    source.onerror = () => onStatus('reconnecting');
    for (const kind of ['created', 'asked', 'told', 'failed', 'approved', 'rejected']) {
        source.addEventListener(kind, (e) => {
            try { onEvent({ kind, ...JSON.parse(e.data) }); } catch { /* not a study event */ }
        });
    }
    const stop = () => source.close();
    window.addEventListener('pagehide', stop, { once: true });
    return stop;
}

export function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs load() now and again whenever schedule() is called, never two at once: calls arriving during a load are
 * folded into one more load after it. Errors go to onError.
 */
export function serialLoader(load, onError) {
    let running = false;
    let again = false;
    const schedule = async () => {
        if (running) { again = true; return; }
        running = true;
        try {
            do {
                again = false;
                try { await load(); } catch (e) { onError(e); }
            } while (again);
        } finally {
            running = false;
        }
    };
    return schedule;
}

// ------------------------------------------------------------------ DOM helpers

/** Creates an element: h('td', {class: 'num'}, '12.3'). Strings become text nodes (never parsed as HTML). */
export function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
        if (v === undefined || v === null || v === false) continue;
        if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
        else if (k === 'class') el.className = v;
        else if (k === 'dataset') Object.assign(el.dataset, v);
        else el.setAttribute(k, v === true ? '' : String(v));
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const c of children) {
        if (c === undefined || c === null || c === false) continue;
        if (Array.isArray(c)) append(el, c);
        else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
    el.replaceChildren();
    append(el, children);
    return el;
}

/** A number with about four significant digits, or an en dash when missing. */
export function num(v, digits = 4) {
    if (v === null || v === undefined || Number.isNaN(v)) return '–';
    if (typeof v !== 'number') return String(v);
    if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
    if (v !== 0 && (Math.abs(v) >= 1e7 || Math.abs(v) < 1e-4)) return v.toExponential(digits - 1);
    return Number(v.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 8 });
}

/** A local date and time (ISO-8601 input), or an en dash. */
export function time(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, {
        year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
}

/** A compact local time: the time of day for today, else the date and minute. */
export function shortTime(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    const today = new Date().toDateString() === d.toDateString();
    return today ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
        : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "12 s ago", "3 min ago"... */
export function age(iso) {
    if (!iso) return '–';
    const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    if (s < 60) return `${s} s ago`;
    if (s < 3600) return `${Math.floor(s / 60)} min ago`;
    if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
    return `${Math.floor(s / 86400)} d ago`;
}

export function chip(text, kind = text) {
    return h('span', { class: `chip ${kind || ''}` }, text);
}

/** A small table from rows of cells; head is a list of column titles. */
export function table(caption, head, rows, { numeric = [] } = {}) {
    return h('div', { class: 'table-wrap' },
        h('table', {},
            caption ? h('caption', {}, caption) : null,
            h('thead', {}, h('tr', {}, head.map((t, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : null }, t)))),
            h('tbody', {}, rows)));
}

export function toast(text, kind = 'info') {
    let area = document.querySelector('.toast-area');
    if (!area) {
        area = h('div', { class: 'toast-area', role: 'status', 'aria-live': 'polite' });
        document.body.append(area);
    }
    const el = h('div', { class: `message ${kind}` }, text);
    area.append(el);
    setTimeout(() => el.remove(), kind === 'error' ? 8000 : 4000);
}

/** Shows an error inside el (a page-level message area). */
export function showError(el, error) {
    const text = error instanceof ApiError
        ? `${error.message}${error.expected ? ` — expected ${error.expected}` : ''}`
        : (error && error.message) || String(error);
    fill(el, h('p', { class: 'message error', role: 'alert' }, text));
}

export function setLive(state) {
    const el = document.getElementById('live');
    if (!el) return;
    const labels = {
        live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', polling: 'Auto-refresh',
        offline: 'Server unreachable',
    };
    el.dataset.state = state;
    el.hidden = !(state in labels);
    el.textContent = labels[state] || '';
}

// ------------------------------------------------------------------ sign-in and boot

let started = false;

/** Replaces the page with the token form; a valid token reloads the page. */
export function showSignIn(message) {
    const main = document.getElementById('main');
    const session = document.getElementById('session');
    if (session) session.hidden = true;
    const input = h('input', {
        id: 'token-input', type: 'password', name: 'token', autocomplete: 'off', required: true,
        spellcheck: 'false', 'aria-describedby': 'token-help',
    });
    const feedback = h('div', { 'aria-live': 'assertive' }, message ? h('p', { class: 'message error', role: 'alert' }, message) : null);
    const form = h('form', { class: 'panel login', id: 'signin-form' },
        h('h1', {}, 'Sign in to MetaLine'),
        feedback,
        h('div', { class: 'field' },
            h('label', { for: 'token-input' }, 'Access token'),
            input,
            h('p', { id: 'token-help', class: 'hint' },
                'Paste the token an administrator issued for your site. It is kept only in this browser tab.')),
        h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
    form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const secret = input.value.trim();
        if (!secret) return;
        try {
            const res = await fetch('/api/v1/whoami', { headers: { Authorization: `Bearer ${secret}`, Accept: 'application/json' } });
            if (res.status === 401) {
                fill(feedback, h('p', { class: 'message error', role: 'alert' }, 'This token is unknown or revoked.'));
                return;
            }
            if (!res.ok) throw new Error(`HTTP ${res.status}`);
            token.set(secret);
            location.reload();
        } catch (e) {
            fill(feedback, h('p', { class: 'message error', role: 'alert' }, `Could not reach the server: ${e.message}`));
        }
    });
    fill(main, form);
    input.focus();
}

/** Starts a page: without a token shows the sign-in form, else asks who the token is and calls start(principal). */
export async function boot(start) {
    if (started) return;
    started = true;
    const signOut = document.getElementById('sign-out');
    if (signOut) signOut.addEventListener('click', () => { token.clear(); location.reload(); });
    if (!token.get()) { showSignIn(); return; }
    let who;
    try {
        who = await api('/api/v1/whoami');
    } catch (e) {
        if (e.status !== 401) showError(document.getElementById('main'), e);
        return;
    }
    const whoEl = document.getElementById('who');
    if (whoEl) whoEl.textContent = `${who.site} · ${who.role}`;
    const session = document.getElementById('session');
    if (session) session.hidden = false;
    await start(who);
}

/** True when the principal may ask, tell, approve and reject. */
export function canOperate(who) {
    return who && (who.role === 'operator' || who.role === 'admin');
}
