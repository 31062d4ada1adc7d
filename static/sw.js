// Served by /sw.js, which fills in the shell's versioned URLs and the cache name.
const SHELL = /*ASSETS*/[];
const CACHE = /*CACHE*/'shell';
const OFFLINE = SHELL[0];
// Staff pages the server marks `X-Offline: keep` (the outbox, a ticket's completion form) are kept here, to be
// shown again without signal; emptied at sign-out. Not named after the shell: a deploy keeps them.
const PAGES = 'pages';
// The outbox's store and sender (static/outbox-core.js), shared with the pages.
importScripts(.../*CORE*/[]);
self.outboxCore.configure({
  tokenUrl: /*TOKEN*/'/outbox/token',
  notify(type, detail) { if ('BroadcastChannel' in self) new BroadcastChannel('outbox').postMessage({ type, detail }); },
});
// One sender: an open page sends (it also hears `online`); the worker sends only when no page of ours is open.
const replay = () => self.clients.matchAll({ type: 'window' }).then((pages) =>
  (pages.length ? [] : self.outboxCore.flush())).catch(() => []);
// iOS has no Background Sync: every start of the worker (a navigation, a push) sends what waits.
replay();

self.addEventListener('install', (event) => {
  // Without cookies: the cached offline page must not show whoever happened to be signed in.
  const requests = SHELL.map((url) => new Request(url, { credentials: 'omit' }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((names) =>
    Promise.all(names.filter((name) => name !== CACHE && name !== PAGES).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()).then(replay));
});

self.addEventListener('sync', (event) => {
  if (event.tag === 'outbox') event.waitUntil(replay());
});

// Network first; a kept page is stored again on every visit, and shown when the network is gone.
function navigate(event) {
  const request = event.request;
  return fetch(request).then((response) => {
    const copy = response.ok && response.headers.get('X-Offline') === 'keep' ? response.clone() : null;
    event.waitUntil(caches.open(PAGES).then((pages) => copy ? pages.put(request.url, copy) : pages.delete(request.url)));
    return response;
  }).catch(() => caches.open(PAGES).then((pages) => pages.match(request.url))
    .then((kept) => kept || caches.match(OFFLINE)));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || request.headers.has('HX-Request')) return;
  if (request.mode === 'navigate') {
    // Pages hold residents' details: only those marked for field work are stored, the rest never.
    event.respondWith(navigate(event));
  } else if (url.pathname.startsWith('/static/') && url.searchParams.has('v')) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request).then((response) => {
      if (response.status === 200) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    })));
  }
});

// Web Push: the server sends {title, body, tag, url, urgent} (see webapp/alerts/push.py); a lock screen shows no
// more than the kind, the number and the place. One notification per ticket: a newer alert replaces it.
self.addEventListener('push', (event) => {
  let alert = {};
  try { alert = event.data ? event.data.json() : {}; } catch (error) { alert = { body: event.data.text() }; }
  const title = alert.title || [alert.kind, alert.number].filter(Boolean).join(' ') || '物业服务中心';
  const options = { body: alert.body || alert.place || '', tag: alert.tag || alert.number || 'alert',
    renotify: true, requireInteraction: Boolean(alert.urgent), data: { url: alert.url || '/' },
    icon: SHELL.find((url) => url.includes('icon-192')), vibrate: alert.urgent ? [300, 100, 300, 100, 300] : [200] };
  event.waitUntil(self.registration.showNotification(title, options).then(() => self.clients.matchAll({ type: 'window' }))
    .then((windows) => windows.forEach((client) => client.postMessage({ type: 'push-shown', title, tag: options.tag }))));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data && event.notification.data.url || '/', self.location.origin);
  if (target.origin !== self.location.origin) return;  // only our own pages open from a notification
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
    const open = windows.find((client) => client.url === target.href);
    if (open) return open.focus();
    return self.clients.openWindow(target.href);
  }));
});
