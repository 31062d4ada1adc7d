// The in-app QR scanner, markup from templates/_macros.html `scanner()`: the rear camera reads a sticker, or the
// code printed under it is typed. Every read is told to the page as a cancelable, bubbling `scanner:found` event
// ({text, token, via}); unless the page cancels it, a sticker opens its place (/q/<token>) as the camera app would.
(() => {
  if (window.scannerLoaded) return;  // the macro may be on a page more than once
  window.scannerLoaded = true;

  const TOKEN = /^[A-Za-z0-9_-]{8,32}$/;
  // Host-agnostic: stickers carry the public address, which need not be the one this page was opened at.
  const STICKER_PATH = /\/q\/([A-Za-z0-9_-]{8,32})\/?$/;
  const FRAME_MS = 166;  // about 6 reads a second: enough for a phone held still, and kind to the battery
  const MAX_SIDE = 640;  // jsQR's work grows with the pixels; a sticker a hand's length away needs no more
  const running = new Map();  // scanner element -> {stream, last, timer}
  let jsqr;  // the library, loaded on the first opening that needs it

  /** The token of one of our place stickers in `text` (a read or a typed code), or null. */
  function stickerToken(text, typed) {
    let value = text.trim();
    if (typed && TOKEN.test(value)) return value;
    if (typed && value.startsWith('/')) value = location.origin + value;
    else if (typed && !/^https?:\/\//i.test(value)) value = `https://${value}`;  // the short URL under the code
    let url;
    try { url = new URL(value); } catch { return null; }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    const match = STICKER_PATH.exec(url.pathname);
    return match ? match[1] : null;
  }

  function say(element, text) {
    const message = element.querySelector('.scanner-message');
    message.textContent = text || '';
    message.classList.toggle('flash', Boolean(text));
    message.classList.toggle('error', Boolean(text));
  }

  /** Tell the page what was read; unless it cancels, open a sticker's place or say what is wrong. */
  function found(element, text, via) {
    const token = stickerToken(text, via === 'typed');
    if (token) stop(element);
    say(element, '');
    const detail = {text, token, via};
    if (!element.dispatchEvent(new CustomEvent('scanner:found', {bubbles: true, cancelable: true, detail}))) return;
    if (token) location.assign(element.dataset.open.replace('TOKEN', token));
    else say(element, via === 'typed' ? element.dataset.notTyped : element.dataset.notOurs);
  }

  function loadJsqr(src) {
    jsqr = jsqr || new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = () => (window.jsQR ? resolve(window.jsQR) : reject(new Error('jsQR')));
      script.onerror = () => { jsqr = null; reject(new Error('jsQR')); };
      document.head.append(script);
    });
    return jsqr;
  }

  /** The browser's own QR reader when it has one, else jsQR on frames drawn to a small canvas. */
  async function reader(element) {
    if ('BarcodeDetector' in window) {
      try {
        if ((await window.BarcodeDetector.getSupportedFormats()).includes('qr_code')) {
          const detector = new window.BarcodeDetector({formats: ['qr_code']});
          return {name: 'barcode-detector', read: async (video) => ((await detector.detect(video))[0] || {}).rawValue};
        }
      } catch { /* no usable detector: jsQR below */ }
    }
    const decode = await loadJsqr(element.dataset.jsqr);
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', {willReadFrequently: true});
    return {name: 'jsqr', read: (video) => {
      const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
      const width = Math.round(video.videoWidth * scale);
      const height = Math.round(video.videoHeight * scale);
      if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, {width, height});
      context.drawImage(video, 0, 0, width, height);
      const code = decode(context.getImageData(0, 0, width, height).data, width, height,
                          {inversionAttempts: 'dontInvert'});
      return code && code.data;
    }};
  }

  async function open(element) {
    if (running.has(element)) return;
    say(element, '');
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say(element, element.dataset.noCamera);  // no camera, or a page not served over https
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: 'environment'}, audio: false});
    } catch (error) {
      const refused = error.name === 'NotAllowedError' || error.name === 'SecurityError';
      say(element, refused ? element.dataset.denied : element.dataset.noCamera);
      return;
    }
    const state = {stream, last: null, timer: 0};
    running.set(element, state);
    const video = element.querySelector('video');
    video.srcObject = stream;
    element.querySelector('.scanner-view').hidden = false;
    element.querySelector('[data-scanner-open]').hidden = true;
    video.play().catch(() => {});
    let read;
    try {
      read = await reader(element);
    } catch {
      stop(element);
      say(element, element.dataset.noCamera);
      return;
    }
    element.dataset.decoder = read.name;
    tick(element, state, video, read);
  }

  function tick(element, state, video, read) {
    if (running.get(element) !== state) return;
    const text = video.readyState >= 2 && video.videoWidth ? read.read(video) : null;
    Promise.resolve(text).catch(() => null).then((value) => {
      if (running.get(element) !== state) return;
      // The same code in view reads again at every frame: tell the page once.
      if (value && value !== state.last) {
        state.last = value;
        found(element, value, 'camera');
      }
      if (running.get(element) === state) state.timer = setTimeout(tick, FRAME_MS, element, state, video, read);
    });
  }

  function stop(element) {
    const state = running.get(element);
    if (!state) return;
    running.delete(element);
    clearTimeout(state.timer);
    state.stream.getTracks().forEach((track) => track.stop());
    element.querySelector('video').srcObject = null;
    element.querySelector('.scanner-view').hidden = true;
    element.querySelector('[data-scanner-open]').hidden = false;
  }

  function reveal(root) {
    // Without this script the camera cannot open: the button shows only when it can work.
    root.querySelectorAll('[data-scanner] [data-scanner-open]').forEach((button) => { button.hidden = false; });
  }

  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-scanner-open], [data-scanner-close]');
    const element = button && button.closest('[data-scanner]');
    if (!element) return;
    if (button.hasAttribute('data-scanner-open')) open(element); else stop(element);
  });

  document.addEventListener('submit', (event) => {
    const form = event.target.closest('[data-scanner] form.scanner-typed');
    if (!form) return;
    event.preventDefault();
    const code = form.elements.code.value.trim();
    if (code) found(form.closest('[data-scanner]'), code, 'typed');
  });

  // A camera left on in a hidden tab or a swapped-out fragment only drains the battery.
  const stopAll = () => [...running.keys()].forEach(stop);
  document.addEventListener('visibilitychange', () => { if (document.hidden) stopAll(); });
  addEventListener('pagehide', stopAll);
  document.addEventListener('htmx:beforeCleanupElement', (event) => stop(event.target));
  document.addEventListener('htmx:load', (event) => reveal(event.target));
  reveal(document);
})();
