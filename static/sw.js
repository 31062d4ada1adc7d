// Served by /sw.js, which fills in the shell's versioned URLs and the cache name.
const SHELL = /*ASSETS*/[];
const CACHE = /*CACHE*/'shell';
const OFFLINE = SHELL[0];

self.addEventListener('install', (event) => {
  // Without cookies: the cached offline page must not show whoever happened to be signed in.
  const requests = SHELL.map((url) => new Request(url, { credentials: 'omit' }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((names) =>
    Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name)))));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || request.headers.has('HX-Request')) return;
  if (request.mode === 'navigate') {
    // Pages hold residents' details: never stored, only replaced by the offline page when unreachable.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
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
