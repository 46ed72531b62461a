// Goldpan's service worker. It exists so the web app can be installed and can show push notifications.
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

// Push (see docs/notifications.md): the server sends one encrypted message per finished job or
// group; the browser decrypts it and hands this worker its JSON {title, body, url, image, tag}.
self.addEventListener('push', function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = {body: event.data ? event.data.text() : ''};
  }
  var options = {
    body: data.body || '',
    icon: '/static/icon-192.png',
    badge: '/static/icon-192.png',
    tag: data.tag || undefined,
    data: {url: typeof data.url === 'string' ? data.url : '/app'}
  };
  if (data.image) options.image = data.image;
  event.waitUntil(self.registration.showNotification(data.title || 'Goldpan', options));
});

// A tap opens the job or group: a window already showing it gets the focus, else one opens.
// Only paths of this web app are opened, whatever a message says.
self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  var url = new URL((event.notification.data && event.notification.data.url) || '/app', self.location.origin);
  if (url.origin !== self.location.origin || !(url.pathname === '/app' || url.pathname.indexOf('/app/') === 0)) {
    url = new URL('/app', self.location.origin);
  }
  event.waitUntil(self.clients.matchAll({type: 'window', includeUncontrolled: true}).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if (windows[i].url === url.href && 'focus' in windows[i]) return windows[i].focus();
    }
    return self.clients.openWindow(url.href);
  }));
});
