// Goldpan's service worker. It exists so the web app can be installed (and, later, for push).
// It caches NOTHING on purpose: no Cache Storage, no offline copies of pages or pictures, so a
// signed-out or revoked session leaves nothing private readable on the device. Every request
// goes to the network exactly as it would without a service worker.
'use strict';

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});
