// The round page: a sticker read by the in-app scanner becomes a scan in the outbox (so it is kept with no
// signal), the checkpoints with a scan still on this phone are marked, and finishing warns while any is unsent.
(function () {
  'use strict';
  const round = document.getElementById('round');
  if (!round || !window.outbox) return;
  const scanUrl = new URL(round.dataset.roundScanUrl, location.href).href;
  const roundUrl = scanUrl.replace(/scans$/, '');
  const message = round.querySelector('.round-message');
  const finish = document.querySelector('form.finish-round');

  // The page names each checkpoint by a digest of its sticker's token, never the token itself.
  async function tagOf(token) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('').slice(0, 16);
  }

  const stopOf = (tag) => round.querySelector(`.stop[data-tag="${tag}"]`);

  async function mark() {
    const mine = (await window.outbox.entries()).filter((entry) => entry.url.startsWith(roundUrl));
    const waiting = new Set();
    for (const entry of mine) if (entry.url === scanUrl && entry.fields.token) waiting.add(await tagOf(entry.fields.token));
    round.querySelectorAll('.stop').forEach((stop) => {
      stop.querySelector('.pending-mark').hidden = !waiting.has(stop.dataset.tag);
    });
    if (!finish) return;
    if (mine.length) finish.dataset.confirm = round.dataset.unsent;
    else delete finish.dataset.confirm;
  }

  function redraw() {
    // The server's word on each checkpoint (on time, late, flags) once a scan has reached it.
    if (window.htmx) htmx.ajax('GET', location.href, { target: '#stops', select: '#stops', swap: 'outerHTML' }).then(mark);
  }

  round.addEventListener('scanner:found', async (event) => {
    event.preventDefault();
    const { token, via } = event.detail;
    const stop = token && stopOf(await tagOf(token));
    if (!stop) { message.textContent = round.dataset.notOnRoute; return; }
    const id = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    stop.querySelector('.pending-mark').hidden = false;
    message.textContent = '';
    const result = await window.outbox.add({ id, url: scanUrl, label: stop.querySelector('strong').textContent,
      fields: { token, via, client_id: id, scanned_at: String(Date.now()), offline: navigator.onLine ? '' : '1' } });
    if (result.outcome === 'sent') redraw();
    else if (result.outcome === 'attention') message.textContent = result.message;
    else message.textContent = round.dataset.kept;
  });

  document.addEventListener('outbox:sent', (event) => { if (event.detail.url.startsWith(roundUrl)) redraw(); });
  document.addEventListener('outbox:change', mark);
  mark();
})();
