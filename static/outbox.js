// The outbox on a page: window.outbox, <form data-outbox>, the status widget, the outbox page, and sign-out.
// Strings come from data- attributes the server renders in the user's language (templates/base.html).
(function () {
  'use strict';
  const core = self.outboxCore;
  const widget = document.querySelector('[data-outbox-status]');
  const say = (widget || document.body).dataset;
  const LONGEST_SIDE = 1600;
  const LARGEST_FILE = 10 * 1024 * 1024;
  const LARGEST_OUTBOX = 60 * 1024 * 1024;
  const HIDDEN = ['csrf_token', 'intake_key', 'kept_photos'];
  const VALID_KEY = /^[A-Za-z0-9_-]{8,64}$/;
  const channel = 'BroadcastChannel' in self ? new BroadcastChannel('outbox') : null;
  let timer = null;

  function emit(type, detail) {
    document.dispatchEvent(new CustomEvent(type, { detail }));
  }

  core.configure({
    tokenUrl: widget && widget.dataset.tokenUrl,
    notify(type, detail) {
      emit(type, detail);
      if (channel) channel.postMessage({ type, detail });  // the other tabs
    },
  });
  if (channel) channel.onmessage = (message) => emit(message.data.type, message.data.detail);

  function pageToken() {
    try { return JSON.parse(document.body.getAttribute('hx-headers') || '{}')['X-CSRFToken'] || ''; } catch (e) { return ''; }
  }

  function phrase(name, count) {
    return (say[name + (count === 1 ? 'One' : 'Other')] || '{n}').replace('{n}', count);
  }

  class Refusal extends Error {}

  async function add(item) {
    const mine = core.bytes(item);
    const big = Object.values(item.fields).flat().find((value) => value instanceof Blob && value.size > LARGEST_FILE);
    if (big) throw new Refusal((say.tooLarge || '{name}').replace('{name}', big.name || ''));
    const others = (await core.entries()).filter((entry) => entry.id !== item.id);
    if (others.reduce((sum, entry) => sum + core.bytes(entry), 0) + mine > LARGEST_OUTBOX) {
      throw new Refusal(say.full || '');
    }
    await core.put(item);
    const results = await flush(true);
    const sent = results.find((result) => result.id === item.id);
    if (sent) return sent;
    // Sent by a flush already under way, or still waiting: the store says which.
    const still = (await core.entries()).find((entry) => entry.id === item.id);
    if (!still) return { id: item.id, outcome: 'sent', location: '' };
    return { id: item.id, outcome: still.state === 'attention' ? 'attention' : 'retry', message: still.lastError };
  }

  async function flush(force) {
    const results = await core.flush({ force: Boolean(force), csrf: pageToken() });
    await later();
    return results;
  }

  async function later() {
    clearTimeout(timer);
    const next = await core.nextAt();
    if (next !== null) timer = setTimeout(() => flush(false), Math.max(1000, next - Date.now()));
  }

  async function entries() {
    return (await core.entries()).map((entry) => ({
      id: entry.id, url: entry.url, label: entry.label, state: entry.state, attempts: entry.attempts,
      createdAt: entry.createdAt, lastError: entry.lastError, fields: texts(entry.fields),
      labels: entry.labels || {}, files: Object.values(entry.fields).flat().filter((v) => v instanceof Blob).length,
    }));
  }

  function texts(fields) {
    return Object.fromEntries(Object.entries(fields).filter(([, value]) =>
      [].concat(value).every((one) => typeof one === 'string')));
  }

  window.outbox = {
    add: (item) => add(Object.assign({ id: core.newId() }, item)),
    entries, flush: () => flush(true),
    retry: async (id, changedTexts) => { await core.revive(id, changedTexts); return flush(true); },
    discard: (id) => core.discard(id),
  };

  // Photos: large ones shrunk to 1600 px on the long side, as JPEG, before they are saved.
  async function shrink(file) {
    if (!file.type.startsWith('image/') || !self.createImageBitmap) return file;
    let bitmap;
    try { bitmap = await createImageBitmap(file); } catch (error) { return file; }
    const ratio = LONGEST_SIDE / Math.max(bitmap.width, bitmap.height);
    if (ratio >= 1) { bitmap.close(); return file; }
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * ratio);
    canvas.height = Math.round(bitmap.height * ratio);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((done) => canvas.toBlob(done, 'image/jpeg', 0.85));
    if (!blob) return file;
    return new File([blob], file.name.replace(/\.[^.]*$/, '') + '.jpg', { type: 'image/jpeg' });
  }

  async function collect(form, submitter) {
    const fields = {};
    const labels = {};
    for (const [name, value] of new FormData(form, submitter)) {
      if (value instanceof File && !value.name && !value.size) continue;  // a file input left empty
      const kept = value instanceof File ? await shrink(value) : value;
      fields[name] = name in fields ? [].concat(fields[name], kept) : (value instanceof File ? [kept] : kept);
      const element = form.elements[name];
      const label = element && element.labels && element.labels[0];
      if (label && label.firstChild && label.firstChild.nodeType === Node.TEXT_NODE) {
        labels[name] = label.firstChild.textContent.trim();
      }
    }
    return { fields, labels };
  }

  function note(form, text, kind, link) {
    let line = form.querySelector('.outbox-note');
    if (!line) {
      line = document.createElement('p');
      line.setAttribute('role', 'status');
      form.querySelector('button:last-of-type, [type=submit]')?.before(line);
    }
    line.className = `outbox-note flash ${kind}`;
    line.textContent = text;
    if (link && say.pageUrl) {
      const a = document.createElement('a');
      a.href = say.pageUrl;
      a.textContent = say.openPage;
      line.append(' ', a);
    }
  }

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (event.defaultPrevented || !form.matches('form[data-outbox]')) return;
    event.preventDefault();
    const button = event.submitter;
    if (button) button.disabled = true;
    try {
      const { fields, labels } = await collect(form, button);
      const given = form.elements.intake_key && form.elements.intake_key.value;
      // The same form tapped again is the same entry: its id stays, so it is never saved or done twice.
      const id = (VALID_KEY.test(given || '') && given) || form.dataset.outboxId || core.newId();
      form.dataset.outboxId = id;
      // One form, several steps: the button tapped says where it goes (formaction).
      const url = button && button.hasAttribute('formaction') ? button.formAction : form.action;
      const result = await add({ id, url, fields, labels, label: form.dataset.outboxLabel || document.title });
      if (result.outcome === 'sent') { location.assign(result.location || location.href); return; }
      if (result.outcome === 'attention') note(form, (say.refused || '{message}').replace('{message}', result.message), 'error', true);
      else note(form, say.saved || '', 'info', true);
    } catch (error) {
      note(form, error instanceof Refusal ? error.message : String(error), 'error', false);
    } finally {
      if (button) button.disabled = false;
    }
  });

  // Signing out: the kept pages go (they show residents' details); the outbox itself stays for the next sign-in.
  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (event.defaultPrevented || !form.matches('form[data-sign-out]')) return;
    event.preventDefault();
    if ('caches' in self) await caches.delete('pages').catch(() => false);
    form.submit();
  });

  document.addEventListener('outbox:change', (event) => {
    const { pending, attention } = event.detail;
    const signOut = document.querySelector('form[data-sign-out]');
    if (signOut) {
      if (pending || attention) signOut.dataset.confirm = say.unsentConfirm || '?';
      else delete signOut.dataset.confirm;
    }
    if (!widget) return;
    widget.hidden = !(pending || attention);
    widget.querySelector('[data-outbox-pending]').textContent = pending ? phrase('pending', pending) : '';
    widget.querySelector('[data-outbox-attention]').textContent = attention ? phrase('attention', attention) : '';
  });

  document.addEventListener('click', (event) => {
    if (!event.target.closest('[data-outbox-flush]')) return;
    event.preventDefault();
    flush(true);
  });

  addEventListener('online', () => flush(true));
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') flush(false); });
  if ('serviceWorker' in navigator && 'SyncManager' in self) {
    document.addEventListener('outbox:change', (event) => {
      if (event.detail.pending) navigator.serviceWorker.ready.then((r) => r.sync.register('outbox')).catch(() => {});
    });
  }

  // The outbox page: every entry with its state, and for one the server refused, its text to fix and send again.
  const list = document.querySelector('[data-outbox-list]');

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  }

  function row(entry) {
    const words = list.dataset;
    const state = { pending: words.pending, sending: words.sending, attention: words.attention }[entry.state];
    const item = element('li', { class: `outbox-entry ${entry.state}`, 'data-entry': entry.id },
      element('p', { class: 'head' }, element('strong', {}, entry.label), ' ', element('span', { class: 'state' }, state)),
      element('p', { class: 'meta' }, new Date(entry.createdAt).toLocaleString(),
        entry.files ? ` · ${words.photos.replace('{n}', entry.files)}` : ''),
      entry.lastError ? element('p', { class: 'flash error' }, entry.lastError) : null);
    const form = element('form', { class: 'outbox-fix', 'data-entry-form': entry.id });
    if (entry.state === 'attention') {
      for (const [name, value] of Object.entries(entry.fields)) {
        if (HIDDEN.includes(name) || Array.isArray(value)) continue;
        const box = value.length > 60 || value.includes('\n') ? element('textarea', { name, rows: 3 }) : element('input', { name });
        box.value = value;
        form.append(element('label', {}, entry.labels[name] || name, box));
      }
    }
    form.append(element('div', { class: 'actions' },
      element('button', { class: 'primary', 'data-send-again': '' }, entry.state === 'attention' ? words.fixAndSend : words.sendAgain),
      element('button', { type: 'button', class: 'link danger', 'data-discard': '' }, words.discard)));
    item.append(form);
    return item;
  }

  async function draw() {
    const all = await entries();
    list.replaceChildren(...all.map(row));
    list.nextElementSibling.hidden = all.length > 0;  // "nothing waiting"
  }

  if (list) {
    document.addEventListener('outbox:change', draw);
    list.addEventListener('submit', async (event) => {
      event.preventDefault();
      const form = event.target;
      const changed = Object.fromEntries([...new FormData(form)].filter(([, value]) => typeof value === 'string'));
      await window.outbox.retry(form.dataset.entryForm, changed);
    });
    list.addEventListener('click', async (event) => {
      const button = event.target.closest('[data-discard]');
      if (button && confirm(list.dataset.discardConfirm)) await core.discard(button.form.dataset.entryForm);
    });
    draw();
  }
  core.changed().then(() => flush(false));
})();
