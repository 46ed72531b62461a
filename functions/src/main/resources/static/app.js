// Goldpan web: live regions, the fan-out job count, one-tap triage. Works without it, just slower.
(function () {
  'use strict';

  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content;

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
    var jobs = variantCount(prompt.value) * Math.max(1, styles);
    var max = parseInt(form.getAttribute('data-max'), 10) || 50;
    out.textContent = jobs + (jobs === 1 ? ' job' : ' jobs') +
      (jobs > max ? ' — too many, at most ' + max : '');
    out.classList.toggle('error', jobs > max);
  }

  function refresh(region) {
    var url = region.getAttribute('data-live');
    return fetch(url, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
      .then(function (r) {
        if (r.status === 401) { window.location = '/login'; throw new Error('signed out'); }
        return r.json();
      })
      .then(function (live) {
        if (region.getAttribute('data-html') !== live.html) {
          region.innerHTML = live.html;
          region.setAttribute('data-html', live.html);
        }
        return live.done;
      });
  }

  function poll(region) {
    var every = parseInt(region.getAttribute('data-every'), 10) || 1500;
    function tick() {
      refresh(region).then(function (done) {
        if (!done) setTimeout(tick, every);
        else region.setAttribute('data-done', '');
      }, function () { setTimeout(tick, every * 2); });
    }
    if (region.hasAttribute('data-done')) return;
    tick();
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('[data-live]'), poll);
    var form = document.querySelector('form.submit');
    if (form) {
      form.addEventListener('input', function () { updateJobCount(form); });
      form.addEventListener('change', function () { updateJobCount(form); });
      updateJobCount(form);
    }
    var share = document.getElementById('share-url');
    if (share) share.addEventListener('focus', function () { share.select(); });
  });

  // Keep / discard in place: post the form, then redraw its live region.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form.classList.contains('inline') || !window.fetch) return;
    var region = form.closest('[data-live]');
    e.preventDefault();
    fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'X-Requested-With': 'fetch', 'X-CSRF-Token': csrf,
                'Content-Type': 'application/x-www-form-urlencoded'},
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (r) {
      if (!r.ok) throw new Error('mark failed: ' + r.status);
      if (region) return refresh(region);
      window.location.reload();
    }).catch(function () { form.submit(); });
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
