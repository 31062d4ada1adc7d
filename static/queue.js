// A live list a night shift can trust: says when it is disconnected, turns cards late on time, and on a
// team's own queue alerts a new card with a sound, a vibration and the count in the tab's title.
(() => {
  const live = () => document.querySelector('[data-live]');
  const banner = document.querySelector('[data-offline-banner]');
  const hint = document.querySelector('[data-sound-hint]');
  const baseTitle = document.title;
  let lostSince = null, audio = null, lock = null, skew = 0;
  let known = null;  // ids of the waiting cards already shown

  // ---- connection state: a dead server must never look like an empty queue
  const isPoll = (detail) => detail.elt && detail.elt.matches('[data-live]') &&
    (detail.requestConfig || detail).verb === 'get';
  const hhmm = (d) => String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
  function lost() {
    if (!lostSince) {
      lostSince = new Date();
      banner.textContent = banner.dataset.text.replace('{time}', hhmm(lostSince));
      banner.hidden = false;
    }
    const list = live();
    if (list) list.classList.add('stale');
  }
  function back() {
    lostSince = null;
    banner.hidden = true;
    const list = live();
    if (list) list.classList.remove('stale');
  }
  document.addEventListener('htmx:configRequest', (e) => { if (isPoll(e.detail)) e.detail.timeout = 2500; });
  for (const name of ['htmx:sendError', 'htmx:timeout', 'htmx:responseError']) {
    document.addEventListener(name, (e) => { if (isPoll(e.detail)) lost(); });
  }
  document.addEventListener('htmx:afterRequest', (e) => {
    const status = e.detail.xhr && e.detail.xhr.status;
    if (isPoll(e.detail) && status >= 200 && status < 300) back();
  });

  // ---- late on time: the server redraws each minute; the page flips a card the second it turns late
  function readClock() {
    // Trust the phone's clock unless it disagrees with the server's by more than a redraw's age.
    const list = live(), now = list && Number(list.dataset.now);
    const off = now ? now - Date.now() : 0;
    skew = Math.abs(off) > 90000 ? off : 0;
  }
  // A paused clock carries no data-late (templates/queue/_card.html), so it is never turned.
  function sayLate(clock, wanted) {
    // Says it in words (near / past target) until the next redraw says by how much.
    if (!clock || wanted === 'late-ok') return;
    clock.classList.remove('late-ok', 'late-amber', 'late-red');
    clock.classList.add(wanted);
    let note = clock.querySelector('.clock-note');
    if (!note) {
      note = document.createElement('strong');
      note.className = 'clock-note';
      const mark = clock.querySelector('.clock-working');
      if (mark) mark.before(' · ', note, ' '); else clock.append(' · ', note);
    }
    note.textContent = wanted === 'late-red' ? clock.dataset.past : clock.dataset.near;
  }
  function turnLate() {
    const now = Date.now() + skew;
    for (const card of document.querySelectorAll('[data-late]')) {
      const [amber, red] = card.dataset.late.split(' ').map((s) => Number(s) * 1000);
      const wanted = now >= red ? 'late-red' : now >= amber ? 'late-amber' : 'late-ok';
      if (card.classList.contains(wanted)) continue;
      card.classList.remove('late-ok', 'late-amber', 'late-red');
      card.classList.add(wanted);
      sayLate(card.querySelector('.clock'), wanted);
    }
  }

  // ---- alerts on the team's own queue
  const waitingIds = () => Array.from(document.querySelectorAll('[data-waiting] .card-item'), (card) => card.id);
  function beep() {
    if (!audio || audio.state !== 'running') return;
    const start = audio.currentTime;
    for (const at of [0, 0.3]) {
      const tone = audio.createOscillator(), gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.4, start + at);
      gain.gain.exponentialRampToValueAtTime(0.001, start + at + 0.25);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + at);
      tone.stop(start + at + 0.25);
    }
  }
  function unlockAudio() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    if (!audio) audio = new Context();
    audio.resume().then(() => { if (hint) hint.hidden = true; }, () => {});
  }
  function countAndAlert() {
    const list = live();
    if (!list || !list.hasAttribute('data-alerts')) return;
    const ids = waitingIds();
    document.title = ids.length ? `(${ids.length}) ${baseTitle}` : baseTitle;
    const arrived = known !== null && ids.some((id) => !known.has(id));
    known = new Set(ids);
    if (!arrived) return;
    beep();
    if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
  }
  async function keepScreenOn() {
    const list = live();
    if (!list || !list.hasAttribute('data-alerts') || !('wakeLock' in navigator)) return;
    if (document.visibilityState !== 'visible' || (lock && !lock.released)) return;
    try { lock = await navigator.wakeLock.request('screen'); } catch (_) { /* refused or unsupported: skip */ }
  }

  function redrawn() { readClock(); turnLate(); countAndAlert(); }
  // A list swapped in is an answer from the server: connected again (a 204 is seen in afterRequest).
  document.addEventListener('htmx:load', (e) => {
    if (e.detail.elt && e.detail.elt.matches('[data-live]')) { back(); redrawn(); }
  });
  document.addEventListener('visibilitychange', keepScreenOn);
  // On click, not pointerdown: hiding the hint mid-tap would move the button under the finger.
  for (const name of ['click', 'keydown']) document.addEventListener(name, unlockAudio, { capture: true });
  const canSound = window.AudioContext || window.webkitAudioContext;
  if (hint && canSound && live() && live().hasAttribute('data-alerts')) hint.hidden = false;
  redrawn();
  keepScreenOn();
  setInterval(turnLate, 1000);
})();
