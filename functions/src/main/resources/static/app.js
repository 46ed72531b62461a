// Goldpan web: live regions updated in place, one-request triage, the full-screen viewer, the
// gallery's instant filters and relative times. Every page works without it, just slower.
(function () {
  'use strict';

  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content;
  document.documentElement.classList.add('js');

  // The service worker makes the app installable (and, later, receives push). It caches nothing:
  // see /static/sw.js. Registered on signed-in pages only; its scope is the web app, /app.
  if (csrf && 'serviceWorker' in navigator) {
    navigator.serviceWorker.register('/static/sw.js', {scope: '/app'}).catch(function () {});
  }

  // Same rule as the server's Variants: {a|b|c} is a choice; {prompt} is not.
  function variantCount(prompt) {
    var total = 1;
    var re = /\{([^{}]*\|[^{}]*)\}/g;
    var m;
    while ((m = re.exec(prompt)) !== null) {
      total *= m[1].split('|').length;
    }
    return total;
  }

  function updateJobCount(form) {
    var out = document.getElementById('jobcount');
    var prompt = form.querySelector('[name="prompt"]');
    if (!out || !prompt) return;
    var styles = form.querySelectorAll('input[name="style"]:checked').length;
    // A count above one job's limit is painted as several jobs of the row (as the server splits it).
    var picked = form.querySelector('input[name="count"]:checked');
    var other = form.querySelector('[name="countOther"]');
    var count = parseInt(picked && picked.value === 'other' ? (other && other.value) : (picked && picked.value), 10);
    var perJob = parseInt(form.getAttribute('data-per-job'), 10) || 16;
    var split = count > perJob ? Math.ceil(count / perJob) : 1;
    var jobs = variantCount(prompt.value) * Math.max(1, styles) * split;
    var max = parseInt(form.getAttribute('data-max'), 10) || 50;
    out.textContent = jobs + (jobs === 1 ? ' job' : ' jobs') +
      (jobs > max ? ' — too many, at most ' + max : '');
    out.classList.toggle('error', jobs > max);
  }

  // --- live regions: the server's fragment is parsed, never assigned as innerHTML, and merged in
  // place: items are matched by data-key, so an image already shown keeps its <img> element.

  function key(node) {
    return node.nodeType === 1 ? node.getAttribute('data-key') : null;
  }

  function sameKind(a, b) {
    return a.nodeType === b.nodeType && (a.nodeType !== 1 || a.tagName === b.tagName);
  }

  function syncAttributes(el, next) {
    var i;
    for (i = el.attributes.length - 1; i >= 0; i--) {
      var name = el.attributes[i].name;
      // a "Show the rest" the person opened stays open across refreshes
      if (name === 'open' && el.tagName === 'DETAILS') continue;
      if (!next.hasAttribute(name) && name !== 'data-decided') el.removeAttribute(name);
    }
    for (i = 0; i < next.attributes.length; i++) {
      var a = next.attributes[i];
      // An image already on screen keeps its source: a freshly signed URL would fetch it again.
      // A live preview (data-live-src) takes each new source: each names a newer picture.
      if (el.tagName === 'IMG' && (a.name === 'src' || a.name === 'srcset') && el.getAttribute(a.name)
          && !next.hasAttribute('data-live-src')) continue;
      if (el.getAttribute(a.name) !== a.value) el.setAttribute(a.name, a.value);
    }
  }

  function morph(el, next) {
    if (el.nodeType !== 1) {
      if (el.nodeValue !== next.nodeValue) el.nodeValue = next.nodeValue;
      return;
    }
    // A triage tap on its way, or answered after this fragment was asked for, wins over it.
    if (el.hasAttribute('data-pending') || el._decidedAt >= morphing) return;
    if (el.hasAttribute('data-js-state')) return; // the script's own state (an opened prompt)
    syncAttributes(el, next);
    if (el.tagName === 'IMG') return;
    morphChildren(el, next);
  }

  var morphing = 0; // when the fragment being merged was asked for

  function morphChildren(parent, next) {
    var keyed = {};
    var wanted = {};
    Array.prototype.forEach.call(parent.children, function (c) {
      var k = key(c);
      if (k) keyed[k] = c;
    });
    Array.prototype.forEach.call(next.children, function (c) {
      var k = key(c);
      if (k) wanted[k] = true;
    });
    // An image decided on this page stays where it is until the page is left, even once a filter
    // would hide it: it does not jump away under the thumb.
    function stays(node) {
      var k = key(node);
      return k && !wanted[k] && (node.hasAttribute('data-decided') || node.hasAttribute('data-pending'));
    }
    var ref = parent.firstChild;
    Array.prototype.slice.call(next.childNodes).forEach(function (n) {
      while (ref && stays(ref)) ref = ref.nextSibling;
      var k = key(n);
      var match = null;
      if (k) {
        match = keyed[k] || null;
        delete keyed[k];
      } else if (ref && !key(ref) && sameKind(ref, n)) {
        match = ref;
      }
      if (match) {
        if (match === ref) ref = ref.nextSibling;
        else parent.insertBefore(match, ref);
        morph(match, n);
      } else {
        parent.insertBefore(document.importNode(n, true), ref);
      }
    });
    while (ref) {
      var gone = ref;
      ref = ref.nextSibling;
      if (!stays(gone)) parent.removeChild(gone);
    }
  }

  function parse(html) {
    var template = document.createElement('template');
    // A template's content is inert: nothing in it loads or runs until moved into the page.
    var doc = new DOMParser().parseFromString('<body>' + html + '</body>', 'text/html');
    Array.prototype.slice.call(doc.body.childNodes).forEach(function (n) {
      template.content.appendChild(document.importNode(n, true));
    });
    return template.content;
  }

  function refresh(region) {
    var url = region.getAttribute('data-live');
    var asked = Date.now();
    return fetch(url, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
      .then(function (r) {
        if (r.status === 401) { window.location = '/login'; throw new Error('signed out'); }
        if (!r.ok) throw new Error('live ' + r.status);
        return r.json();
      })
      .then(function (live) {
        if (region.getAttribute('data-live') !== url) return false; // the filter changed meanwhile
        if (region._html !== live.html) {
          region._html = live.html;
          morphing = asked;
          morphChildren(region, parse(live.html));
          enhance(region);
        }
        return live.done;
      });
  }

  function poll(region) {
    if (region._polling) return;
    region._polling = true;
    var every = parseInt(region.getAttribute('data-every'), 10) || 1500;
    function tick() {
      if (document.hidden) { setTimeout(tick, every); return; }
      refresh(region).then(function (done) {
        if (!done) setTimeout(tick, every);
        else { region.setAttribute('data-done', ''); region._polling = false; }
      }, function () { setTimeout(tick, every * 2); });
    }
    if (region.hasAttribute('data-done')) { region._polling = false; return; }
    tick();
  }

  // --- triage: one small POST per tap, shown at once, undone with a message if refused.

  function stateOf(li) {
    return li.classList.contains('kept') ? 'kept' : li.classList.contains('discarded') ? 'discarded' : '';
  }

  var MARK = {kept: 'KEPT', discarded: 'DISCARDED', '': 'NONE'};

  // An image with Keep / Discard: an item of an image list, or a cell of a group's grid.
  var ITEM = 'li.image, td.cell';

  function markForm(li, which) {
    var button = li.querySelector('button.' + which);
    return button ? button.form : null;
  }

  function thumbLink(li) {
    var img = li.querySelector('a > img');
    return img ? img.parentNode : null;
  }

  function show(li, state) {
    li.classList.toggle('kept', state === 'kept');
    li.classList.toggle('discarded', state === 'discarded');
    [['keep', 'kept', 'KEPT'], ['discard', 'discarded', 'DISCARDED']].forEach(function (b) {
      var form = markForm(li, b[0]);
      if (!form) return;
      form.querySelector('button').setAttribute('aria-pressed', String(state === b[1]));
      form.querySelector('input[name="mark"]').value = state === b[1] ? 'NONE' : b[2];
    });
    if (viewer.li === li) viewer.render();
  }

  function say(text) {
    var out = viewer.open ? viewer.part('msg') : document.getElementById('flash');
    if (!out) return;
    out.textContent = text;
    out.classList.add('shown');
    clearTimeout(out._timer);
    out._timer = setTimeout(function () { out.classList.remove('shown'); out.textContent = ''; }, 6000);
  }

  function label(li) {
    var img = li.querySelector('img');
    return img ? img.getAttribute('alt') : 'the image';
  }

  /** Marks li as state ('kept', 'discarded' or '' for undecided); one request, no re-render. */
  function decide(li, state) {
    var before = stateOf(li);
    if (before === state || !window.fetch) return;
    var form = markForm(li, 'keep');
    if (!form) return;
    if (li._confirmed === undefined) li._confirmed = before;
    var seq = (li._seq || 0) + 1;
    li._seq = seq;
    li.setAttribute('data-pending', '');
    li.setAttribute('data-decided', '');
    show(li, state);
    var body = new URLSearchParams(new FormData(form));
    body.set('mark', MARK[state]);
    fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'X-Requested-With': 'fetch', 'X-CSRF-Token': csrf,
                'Content-Type': 'application/x-www-form-urlencoded'},
      body: body.toString()
    }).then(function (r) {
      if (!r.ok) throw new Error(r.status === 403 ? 'refused (403): reload the page and try again'
        : r.status === 404 ? 'that image is gone (404)' : 'the server answered ' + r.status);
      if (li._seq === seq) li._confirmed = state;
    }).catch(function (e) {
      if (li._seq !== seq) return;
      show(li, li._confirmed);
      say('Not saved: ' + (state === 'kept' ? 'keep' : state === 'discarded' ? 'discard' : 'undo') +
          ' of ' + label(li) + ' — ' + (e && e.message ? e.message : 'no connection') + '.');
    }).then(function () {
      li._decidedAt = Date.now();
      if (li._seq === seq) li.removeAttribute('data-pending');
    });
  }

  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!window.fetch) return;
    var li = form.closest(ITEM);
    if (!li || (markForm(li, 'keep') !== form && markForm(li, 'discard') !== form)) return;
    e.preventDefault();
    var want = markForm(li, 'keep') === form ? 'kept' : 'discarded';
    decide(li, stateOf(li) === want ? '' : want);
  });

  // --- the full-screen viewer: the images of this page, one at a time.

  var viewer = {
    dialog: null,
    li: null,
    open: false,
    scrollY: 0,
    cache: {},
    order: [],
    zoom: {s: 1, x: 0, y: 0},

    part: function (name) { return this.dialog.querySelector('[data-viewer="' + name + '"]'); },

    items: function () {
      // in the page's order; what is folded under a closed "Show the rest" waits until it opens
      return Array.prototype.slice.call(
        document.querySelectorAll('main li.image[data-key]:not(.purged), main td.cell[data-key]'))
        .filter(function (li) { return !li.closest('details:not([open])'); });
    },

    url: function (li) { return thumbLink(li).href; },

    /**
     * The one <img> per image: shown, or preloaded as the next, it is downloaded once (keyed by
     * image, not URL, as a live refresh may sign the URL anew).
     */
    image: function (li) {
      var k = key(li);
      var url = this.url(li);
      var img = this.cache[k];
      if (!img) {
        img = new Image();
        img.decoding = 'async';
        img.className = 'viewer-img';
        img.draggable = false;
        img.src = url;
        this.cache[k] = img;
        this.order.push(k);
        if (this.order.length > 48) delete this.cache[this.order.shift()];
      }
      return img;
    },

    show: function (li) {
      var items = this.items();
      if (items.indexOf(li) < 0) return;
      this.li = li;
      this.resetZoom();
      var stage = this.part('stage');
      var img = this.image(li);
      img.alt = label(li);
      var old = stage.querySelector('img');
      if (old !== img) {
        if (old) stage.removeChild(old);
        stage.insertBefore(img, stage.firstChild);
      }
      this.render();
      var at = items.indexOf(li);
      if (at + 1 < items.length) this.image(items[at + 1]);
    },

    render: function () {
      var li = this.li;
      if (!li || !this.dialog) return;
      var items = this.items();
      var at = items.indexOf(li);
      var state = stateOf(li);
      this.part('stage').parentNode.classList.toggle('is-kept', state === 'kept');
      this.part('stage').parentNode.classList.toggle('is-discarded', state === 'discarded');
      document.getElementById('viewer-title').textContent = 'Image ' + (at + 1) + ' of ' + items.length;
      this.part('caption').textContent = label(li);
      var d = li.dataset;
      this.part('info').textContent = ['seed ' + d.seed, d.size, d.steps && d.steps + ' steps', d.model]
        .filter(Boolean).join(' · ');
      this.part('keep').setAttribute('aria-pressed', String(state === 'kept'));
      this.part('discard').setAttribute('aria-pressed', String(state === 'discarded'));
      this.part('prev').disabled = at <= 0;
      this.part('next').disabled = at >= items.length - 1;
      this.part('more').action = d.more;
      this.part('styles').href = d.styles;
      this.part('reuse').href = d.reuse;
      // "Vary": data-key is the image's jobId/index
      this.part('vary-subtle').action = '/app/images/' + d.key + '/vary';
      this.part('vary-strong').action = '/app/images/' + d.key + '/vary';
    },

    step: function (by) {
      var items = this.items();
      var at = items.indexOf(this.li) + by;
      if (at >= 0 && at < items.length) this.show(items[at]);
    },

    /** A gesture's decision: mark, flash the stamp, go on to the next image. */
    decideAndNext: function (state) {
      var li = this.li;
      if (!li) return;
      decide(li, state);
      var stamp = this.dialog.querySelector('.viewer-stamp');
      stamp.textContent = state === 'kept' ? '★ Kept' : '✕ Discarded';
      stamp.className = 'viewer-stamp shown ' + state;
      clearTimeout(this._stamp);
      var self = this;
      this._stamp = setTimeout(function () {
        stamp.className = 'viewer-stamp';
        if (self.li === li) self.step(1);
      }, 220);
    },

    openAt: function (li) {
      this.scrollY = window.scrollY;
      this.opener = li;
      this.open = true;
      document.documentElement.classList.add('viewing');
      this.dialog.showModal();
      history.pushState({goldpanViewer: true}, '');
      this.show(li);
      this.part('keep').focus();
    },

    /** Closes from the back button or gesture, Escape, or the ✕ (which goes back itself). */
    closed: function () {
      if (!this.open) return;
      this.open = false;
      this.dialog.close();
      document.documentElement.classList.remove('viewing');
      window.scrollTo(0, this.scrollY);
      var link = this.li && thumbLink(this.li);
      if (link) link.focus({preventScroll: true});
      this.li = null;
    },

    resetZoom: function () { this.zoom = {s: 1, x: 0, y: 0}; this.applyZoom(); },

    applyZoom: function () {
      var img = this.part('stage').querySelector('img');
      if (!img) return;
      var z = this.zoom;
      // CSSOM, not a style attribute: the CSP allows it.
      img.style.transform = z.s === 1 ? '' : 'translate(' + z.x + 'px,' + z.y + 'px) scale(' + z.s + ')';
      this.part('stage').classList.toggle('zoomed', z.s > 1);
    },

    zoomAt: function (s, cx, cy) {
      var stage = this.part('stage').getBoundingClientRect();
      var z = this.zoom;
      var ns = Math.max(1, Math.min(4, s));
      // Keep the point under the finger where it is.
      var px = cx - stage.left - stage.width / 2;
      var py = cy - stage.top - stage.height / 2;
      z.x = px - (px - z.x) * (ns / z.s);
      z.y = py - (py - z.y) * (ns / z.s);
      z.s = ns;
      if (ns === 1) { z.x = 0; z.y = 0; }
      this.applyZoom();
    },

    init: function (dialog) {
      this.dialog = dialog;
      var self = this;
      dialog.addEventListener('click', function (e) {
        var b = e.target.closest('[data-viewer]');
        if (!b) return;
        var what = b.getAttribute('data-viewer');
        if (what === 'close') history.back();
        else if (what === 'prev') self.step(-1);
        else if (what === 'next') self.step(1);
        else if (!self.li) return;
        else if (what === 'keep') decide(self.li, stateOf(self.li) === 'kept' ? '' : 'kept');
        else if (what === 'discard') decide(self.li, stateOf(self.li) === 'discarded' ? '' : 'discarded');
      });
      dialog.addEventListener('cancel', function (e) { e.preventDefault(); history.back(); });
      dialog.addEventListener('keydown', function (e) {
        if (e.altKey || e.ctrlKey || e.metaKey) return;
        if (e.key === 'ArrowRight') self.step(1);
        else if (e.key === 'ArrowLeft') self.step(-1);
        else if (e.key === 'ArrowUp') self.decideAndNext('kept');
        else if (e.key === 'ArrowDown') self.decideAndNext('discarded');
        else return;
        e.preventDefault();
      });
      window.addEventListener('popstate', function () { self.closed(); });
      this.gestures(this.part('stage'));
    },

    gestures: function (stage) {
      var self = this;
      var t = null;
      var lastTap = 0;
      function dist(a, b) { return Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY); }
      stage.addEventListener('touchstart', function (e) {
        var z = self.zoom;
        if (e.touches.length === 2) {
          t = {pinch: dist(e.touches[0], e.touches[1]), s: z.s,
               cx: (e.touches[0].clientX + e.touches[1].clientX) / 2,
               cy: (e.touches[0].clientY + e.touches[1].clientY) / 2};
        } else if (e.touches.length === 1) {
          var p = e.touches[0];
          t = {x: p.clientX, y: p.clientY, zx: z.x, zy: z.y, at: Date.now(), moved: false};
        }
      }, {passive: true});
      stage.addEventListener('touchmove', function (e) {
        if (!t) return;
        e.preventDefault();
        if (t.pinch && e.touches.length === 2) {
          self.zoomAt(t.s * dist(e.touches[0], e.touches[1]) / t.pinch, t.cx, t.cy);
          self.zoom.s = Math.max(1, self.zoom.s);
          return;
        }
        var p = e.touches[0];
        var dx = p.clientX - t.x;
        var dy = p.clientY - t.y;
        if (Math.abs(dx) > 10 || Math.abs(dy) > 10) t.moved = true;
        if (self.zoom.s > 1) {
          self.zoom.x = t.zx + dx;
          self.zoom.y = t.zy + dy;
          self.applyZoom();
        }
        t.dx = dx;
        t.dy = dy;
      }, {passive: false});
      stage.addEventListener('touchend', function (e) {
        if (!t || e.touches.length > 0) return;
        var g = t;
        t = null;
        if (g.pinch) return;
        if (!g.moved) {
          var now = Date.now();
          var p = e.changedTouches[0];
          if (now - lastTap < 320) {
            lastTap = 0;
            if (self.zoom.s > 1) self.resetZoom(); else self.zoomAt(2.5, p.clientX, p.clientY);
            e.preventDefault();
          } else {
            lastTap = now;
          }
          return;
        }
        if (self.zoom.s > 1) return; // a zoomed image pans; swipes resume at 1×
        var dx = g.dx || 0;
        var dy = g.dy || 0;
        var min = 50;
        if (Math.abs(dx) > Math.abs(dy) && Math.abs(dx) > min) self.step(dx < 0 ? 1 : -1);
        else if (Math.abs(dy) > min) self.decideAndNext(dy < 0 ? 'kept' : 'discarded');
      });
      stage.addEventListener('dblclick', function (e) {
        if (self.zoom.s > 1) self.resetZoom(); else self.zoomAt(2.5, e.clientX, e.clientY);
      });
    }
  };

  document.addEventListener('click', function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var item = e.target.closest && e.target.closest('main li.image[data-key], main td.cell[data-key]');
    var link = item && thumbLink(item);
    if (!link || !link.contains(e.target) || !viewer.dialog ||
        typeof viewer.dialog.showModal !== 'function') return;
    e.preventDefault();
    viewer.openAt(item);
  });

  // --- the gallery: relative times, long prompts folded to two lines, filters that apply at once.

  function relative(then, now) {
    var s = Math.round((now - then) / 1000);
    if (s < 45) return 'just now';
    var m = Math.round(s / 60);
    if (m < 60) return m + ' min ago';
    var h = Math.round(m / 60);
    if (h < 24) return h + ' h ago';
    var d = Math.round(h / 24);
    if (d === 1) return 'yesterday';
    if (d < 7) return d + ' days ago';
    return then.toLocaleDateString();
  }

  function times(root) {
    var now = Date.now();
    Array.prototype.forEach.call(root.querySelectorAll('time[datetime]'), function (t) {
      var then = new Date(t.getAttribute('datetime'));
      if (isNaN(then.getTime())) return;
      var text = relative(then, now);
      if (t.textContent !== text) t.textContent = text;
      t.title = then.toLocaleString();
    });
  }

  function folds(root) {
    Array.prototype.forEach.call(root.querySelectorAll('li.job'), function (job) {
      var prompt = job.querySelector('.prompt');
      var more = job.querySelector('button.more');
      if (!prompt || !more || prompt.classList.contains('open')) return;
      more.hidden = prompt.scrollHeight <= prompt.clientHeight + 1;
    });
  }

  function enhance(root) {
    times(root);
    folds(root);
  }

  document.addEventListener('click', function (e) {
    var more = e.target.closest && e.target.closest('li.job button.more');
    if (!more) return;
    var prompt = more.closest('li.job').querySelector('.prompt');
    var open = prompt.classList.toggle('open');
    more.setAttribute('aria-expanded', String(open));
    more.textContent = open ? 'less' : 'more';
  });

  function filters(form) {
    var region = document.querySelector('[data-gallery]');
    var q = form.querySelector('[name="q"]');
    var showSelect = form.querySelector('[name="show"]');
    // The filter reloads the page (the purge button and the pages follow it); typing refreshes
    // just the list.
    var orderSelect = form.querySelector('[name="order"]');
    showSelect.addEventListener('change', function () { form.submit(); });
    if (orderSelect) orderSelect.addEventListener('change', function () { form.submit(); });
    var timer;
    q.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var params = new URLSearchParams({q: q.value.trim(), show: showSelect.value});
        if (orderSelect && orderSelect.value) params.set('order', orderSelect.value);
        region.setAttribute('data-live', '/app/gallery/live?' + params.toString());
        history.replaceState(history.state, '', '/app?' + params.toString());
        refresh(region).then(function () { poll(region); }, function () {});
      }, 300);
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var dialog = document.getElementById('viewer');
    if (dialog) viewer.init(dialog);
    Array.prototype.forEach.call(document.querySelectorAll('[data-live]'), poll);
    var form = document.querySelector('form.submit');
    if (form) {
      form.addEventListener('input', function () { updateJobCount(form); });
      form.addEventListener('change', function () { updateJobCount(form); });
      updateJobCount(form);
    }
    var share = document.getElementById('share-url');
    if (share) share.addEventListener('focus', function () { share.select(); });
    var search = document.querySelector('form.filters');
    if (search) filters(search);
    enhance(document);
    setInterval(function () { times(document); }, 30000);
    window.addEventListener('resize', function () { folds(document); });
  });
})();

// --- Iterate: the count picker's "Other" box, Cancel gone once a job finishes. ---------------
(function () {
  'use strict';

  document.addEventListener('input', function (e) {
    if (e.target.id !== 'countOther') return;
    var other = document.getElementById('count-other');
    if (other && e.target.value !== '') other.checked = true;
  });

  // The live poller marks its region data-done when the job ends; Cancel has nothing left to stop.
  document.addEventListener('DOMContentLoaded', function () {
    var live = document.querySelector('main [data-live]');
    var forms = document.querySelectorAll('form[data-hide-when-done]');
    if (!live || !forms.length || !window.MutationObserver) return;
    new MutationObserver(function () {
      if (!live.hasAttribute('data-done')) return;
      Array.prototype.forEach.call(forms, function (f) { f.hidden = true; });
    }).observe(live, {attributes: true, attributeFilter: ['data-done']});
  });
})();

// --- Sharing: the system share sheet where there is one, else a Copy button. --------------------
(function () {
  'use strict';

  function say(text) {
    var status = document.getElementById('share-status');
    if (status) status.textContent = text;
  }

  function copy(input) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(input.value);
    }
    input.select();
    return document.execCommand('copy') ? Promise.resolve() : Promise.reject(new Error('copy'));
  }

  document.addEventListener('DOMContentLoaded', function () {
    var sheet = document.querySelector('button.share-sheet');
    var copyButton = document.querySelector('button.share-copy');
    if (sheet && navigator.share) {
      sheet.hidden = false;
      sheet.addEventListener('click', function () {
        navigator.share({title: sheet.getAttribute('data-share-title'),
                         url: sheet.getAttribute('data-share-url')})
          .then(function () { say('Shared'); }, function (e) {
            if (e && e.name !== 'AbortError') say('Could not open the share sheet: copy the link');
          });
      });
    }
    if (copyButton) {
      var input = document.getElementById(copyButton.getAttribute('data-copy'));
      copyButton.hidden = false;
      copyButton.addEventListener('click', function () {
        copy(input).then(function () { say('Copied'); },
                         function () { input.select(); say('Select the link and copy it'); });
      });
    }
  });
})();

// --- Push notifications: the Notifications page's "turn on" button. ---
// Subscribes this browser with the server's VAPID key and hands the subscription (endpoint and
// keys) to the server, which then encrypts each notification for this browser alone.
(function () {
  'use strict';
  var box = document.getElementById('push');
  if (!box) return;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content;
  var button = box.querySelector('[data-push="on"]');
  var msg = box.querySelector('[data-push="msg"]');
  function tell(text) { msg.textContent = text; }
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    button.disabled = true;
    tell('This browser cannot get notifications here. On an iPhone, add Goldpan to the Home Screen and open it from there.');
    return;
  }
  function bytes(base64url) {
    var text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }
  button.addEventListener('click', function () {
    button.disabled = true;
    tell('Turning notifications on…');
    Notification.requestPermission().then(function (permission) {
      if (permission !== 'granted') {
        throw new Error('notifications are blocked for this site; allow them in the browser settings');
      }
      return navigator.serviceWorker.register('/static/sw.js', {scope: '/app'})
        .then(function () { return navigator.serviceWorker.ready; });
    }).then(function (registration) {
      var options = {userVisibleOnly: true, applicationServerKey: bytes(box.getAttribute('data-key'))};
      return registration.pushManager.subscribe(options).catch(function () {
        // Subscribed before with another server key (the key pair was replaced): start afresh.
        return registration.pushManager.getSubscription().then(function (old) {
          return old ? old.unsubscribe() : null;
        }).then(function () { return registration.pushManager.subscribe(options); });
      });
    }).then(function (subscription) {
      var json = subscription.toJSON();
      var body = new URLSearchParams();
      body.set('device', box.querySelector('[name="device"]').value);
      body.set('endpoint', json.endpoint || '');
      body.set('p256dh', (json.keys && json.keys.p256dh) || '');
      body.set('auth', (json.keys && json.keys.auth) || '');
      return fetch(box.getAttribute('data-action'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: {'X-Requested-With': 'fetch', 'X-CSRF-Token': csrf,
                  'Content-Type': 'application/x-www-form-urlencoded'},
        body: body.toString()
      });
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) throw new Error(answer.message || 'the server answered ' + response.status);
        location.reload();
      });
    }).catch(function (e) {
      button.disabled = false;
      tell('Not turned on: ' + (e && e.message ? e.message : 'no connection') + '.');
    });
  });
})();
