// Progressive enhancement: every page works without this. It remembers the viewer's time zone (for pages
// rendered later) and, on pages that follow an incident or the list, re-renders the parts that changed
// when the server says something happened, without a reload.
(function () {
  'use strict';
  function rememberZone() {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || document.cookie.indexOf('firebreak_tz=') >= 0) return;
    document.cookie =
      'firebreak_tz=' + encodeURIComponent(zone) + '; Path=/site; Max-Age=31536000; SameSite=Lax';
  }
  function applyRegions(fresh) {
    var nodes = fresh.querySelectorAll('[data-live-region]');
    for (var i = 0; i < nodes.length; i += 1) {
      var name = nodes[i].getAttribute('data-live-region');
      var target = document.querySelector('[data-live-region="' + name + '"]');
      if (!target || target.innerHTML === nodes[i].innerHTML) continue;
      if (target.contains(document.activeElement)) continue;
      target.innerHTML = nodes[i].innerHTML;
      target.classList.remove('live-flash');
      void target.offsetWidth;
      target.classList.add('live-flash');
    }
  }
  var pending = null;
  function refresh() {
    if (pending) return;
    pending = fetch(location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html) applyRegions(new DOMParser().parseFromString(html, 'text/html'));
        document.body.setAttribute('data-live-refreshed', String(Date.now()));
      })
      .catch(function () {})
      .then(function () {
        pending = null;
      });
  }
  function connect() {
    var follows = document.body.getAttribute('data-live');
    if (!follows || typeof window.io !== 'function' || typeof fetch !== 'function') return;
    var socket = window.io('/site', {
      path: '/site/socket.io',
      transports: ['websocket'],
      query: { follows: follows },
    });
    socket.on('changed', refresh);
    socket.on('connect', function () {
      document.body.setAttribute('data-live-connected', 'true');
      refresh();
    });
    socket.on('disconnect', function () {
      document.body.removeAttribute('data-live-connected');
    });
  }
  function start() {
    rememberZone();
    connect();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
