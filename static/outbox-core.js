// The outbox's store and sender, shared by the pages (outbox.js) and the service worker (sw.js importScripts it):
// entries wait in IndexedDB and go out one at a time, each with its id as the Idempotency-Key, until the server
// takes them (2xx) or refuses them (4xx: kept as 'attention' for the person to fix). Nothing leaves unsent except
// by an explicit discard.
(function (scope) {
  'use strict';
  const TIMEOUT = 20000;
  const FIRST_WAIT = 2000;
  const LONGEST_WAIT = 5 * 60 * 1000;
  const RETRY_LATER = [408, 409, 425, 429];
  let opened = null;
  let queue = Promise.resolve();  // where navigator.locks is missing: one sender per page or worker
  let notify = () => {};
  let tokenUrl = '/outbox/token';  // pages and the worker are told the real one (url_for) in configure()

  function db() {
    opened = opened || scope.idb.openDB('outbox', 1, {
      upgrade(base) {
        base.createObjectStore('entries', { keyPath: 'id' });
        base.createObjectStore('meta');
      },
    });
    return opened;
  }

  function newId() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
    const bytes = scope.crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  async function entries() {
    const all = await (await db()).getAll('entries');
    return all.sort((a, b) => a.createdAt - b.createdAt);
  }

  function bytes(entry) {
    return Object.values(entry.fields).flat().reduce((sum, value) => sum + (value instanceof Blob ? value.size : 0), 0);
  }

  async function counts() {
    const all = await entries();
    const attention = all.filter((entry) => entry.state === 'attention').length;
    return { pending: all.length - attention, attention };
  }

  async function changed() {
    notify('outbox:change', await counts());
  }

  async function save(entry) {
    await (await db()).put('entries', entry);
    await changed();
  }

  async function put(item) {
    const old = await (await db()).get('entries', item.id);
    await save({ id: item.id, url: item.url, label: item.label || '', fields: item.fields, state: 'pending',
      attempts: 0, createdAt: old ? old.createdAt : Date.now(), nextAt: 0, lastError: '' });
  }

  async function discard(id) {
    await (await db()).delete('entries', id);
    await changed();
  }

  async function revive(id, texts) {
    const entry = await (await db()).get('entries', id);
    if (!entry) return;
    Object.assign(entry.fields, texts || {});
    Object.assign(entry, { state: 'pending', nextAt: 0, lastError: '' });
    await save(entry);
  }

  async function token(fallback) {
    if (fallback) await (await db()).put('meta', fallback, 'csrf');
    try {
      const response = await fetch(tokenUrl, { headers: { 'X-Outbox': '1' }, credentials: 'same-origin',
        cache: 'no-store', signal: timeout(8000) });
      if (response.ok) {
        const fresh = (await response.json()).token;
        await (await db()).put('meta', fresh, 'csrf');
        return fresh;
      }
    } catch (error) { /* offline or signed out: the saved token, and the server will say */ }
    return (await (await db()).get('meta', 'csrf')) || '';
  }

  function timeout(ms) {
    const control = new AbortController();
    setTimeout(() => control.abort(), ms);
    return control.signal;
  }

  function body(entry) {
    const form = new FormData();
    for (const [name, value] of Object.entries(entry.fields)) {
      if (name === 'csrf_token') continue;  // stale by now: the header carries a fresh one
      for (const one of [].concat(value)) {
        if (one instanceof Blob) form.append(name, one, one.name || 'photo.jpg'); else form.append(name, one);
      }
    }
    return form;
  }

  async function send(entry, csrf) {
    let response;
    try {
      response = await fetch(entry.url, { method: 'POST', body: body(entry), credentials: 'same-origin',
        signal: timeout(TIMEOUT), headers: { 'Idempotency-Key': entry.id, 'X-Outbox': '1',
          'X-Device-Time': String(Date.now()), 'X-CSRFToken': csrf } });
    } catch (error) {
      return { outcome: 'retry', message: String(error && error.name === 'AbortError' ? 'timeout' : error) };
    }
    if (response.ok) return { outcome: 'sent', location: response.headers.get('X-Location') || '' };
    if (response.status >= 500 || RETRY_LATER.includes(response.status)) {
      return { outcome: 'retry', message: `${response.status}` };
    }
    return { outcome: 'attention', message: await explain(response) };
  }

  async function explain(response) {
    const text = await response.text().catch(() => '');
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('json')) {
      try { const data = JSON.parse(text); return String(data.message || data.error || text).slice(0, 300); } catch (e) { /* as text */ }
    }
    if (!type.includes('html')) return text.trim().slice(0, 300) || `${response.status}`;
    // No DOMParser in a worker: the messages are plain elements with the class "error".
    const found = [...text.matchAll(/<(p|span|div|li)\b[^>]*class="[^"]*\berror\b[^"]*"[^>]*>([\s\S]*?)<\/\1>/g)]
      .map((match) => plain(match[2])).filter(Boolean);
    return [...new Set(found)].join(' ').slice(0, 300) || `${response.status}`;
  }

  function plain(html) {
    const entities = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };
    return html.replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|quot|#39|#x27);/g, (m, name) => entities[name])
      .replace(/\s+/g, ' ').trim();
  }

  function wait(attempts) {
    const base = Math.min(FIRST_WAIT * 2 ** Math.max(0, attempts - 1), LONGEST_WAIT);
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  async function sendAll(force, csrfHint) {
    // Known to be offline: trying would only stretch each entry's backoff before the signal even returns.
    if (scope.navigator && scope.navigator.onLine === false) return [];
    const due = (await entries()).filter((entry) => entry.state !== 'attention' && (force || entry.nextAt <= Date.now()));
    if (!due.length) return [];
    const csrf = await token(csrfHint);
    const results = [];
    for (const entry of due) {
      const current = await (await db()).get('entries', entry.id);
      if (!current || current.state === 'attention') continue;  // discarded or refused meanwhile
      await save(Object.assign(current, { state: 'sending' }));
      const result = await send(current, csrf);
      results.push(Object.assign({ id: current.id }, result));
      if (result.outcome === 'sent') {
        await discard(current.id);
        notify('outbox:sent', { id: current.id, url: current.url, location: result.location });
        continue;
      }
      current.attempts += 1;
      current.lastError = result.message;
      current.state = result.outcome === 'attention' ? 'attention' : 'pending';
      current.nextAt = Date.now() + wait(current.attempts);
      await save(current);
      // No answer: what follows waits its turn, so a round's scans still reach the server before its finish.
      if (result.outcome === 'retry') break;
    }
    return results;
  }

  // One sender at a time across the pages and the worker: a second flush waits, then finds little left to do.
  function flush(options) {
    const { force = false, csrf = '' } = options || {};
    const run = () => sendAll(force, csrf);
    if (scope.navigator && scope.navigator.locks) return scope.navigator.locks.request('outbox', run);
    queue = queue.then(run, run);
    return queue;
  }

  async function nextAt() {
    const waiting = (await entries()).filter((entry) => entry.state !== 'attention');
    return waiting.length ? Math.min(...waiting.map((entry) => entry.nextAt)) : null;
  }

  scope.outboxCore = { newId, entries, counts, bytes, put, discard, revive, flush, nextAt, changed,
    configure(options) { notify = options.notify || notify; tokenUrl = options.tokenUrl || tokenUrl; } };
})(self);
