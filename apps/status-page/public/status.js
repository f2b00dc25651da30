// Progressive enhancement: the page works without this. It shows times in the viewer's zone and applies
// live updates pushed over the websocket in place.
(function () {
  'use strict';
  var format = new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  function localTimes(root) {
    var times = root.querySelectorAll('time[datetime]');
    for (var i = 0; i < times.length; i += 1) {
      var when = new Date(times[i].getAttribute('datetime'));
      if (!isNaN(when.getTime())) {
        times[i].textContent = format.format(when);
        times[i].title = times[i].getAttribute('datetime');
      }
    }
  }
  function showZone() {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var slots = document.querySelectorAll('[data-zone]');
    for (var i = 0; i < slots.length; i += 1) slots[i].textContent = zone || 'your time zone';
  }
  function applyRegions(regions, flash) {
    Object.keys(regions).forEach(function (name) {
      var targets = document.querySelectorAll('[data-live-region="' + name + '"]');
      for (var i = 0; i < targets.length; i += 1) {
        var target = targets[i];
        if (target.innerHTML === regions[name]) continue;
        target.innerHTML = regions[name];
        localTimes(target);
        if (flash === false) continue;
        target.classList.remove('live-flash');
        void target.offsetWidth;
        target.classList.add('live-flash');
      }
    });
  }
  // On (re)connect, fetch the page once and apply its regions: covers anything published between this page's
  // render and the socket joining, or while the connection was down.
  function refresh() {
    if (typeof fetch !== 'function' || typeof DOMParser !== 'function') return;
    fetch(location.href, { headers: { Accept: 'text/html' } })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        var regions = {};
        var nodes = fresh.querySelectorAll('[data-live-region]');
        for (var i = 0; i < nodes.length; i += 1)
          regions[nodes[i].getAttribute('data-live-region')] = nodes[i].innerHTML;
        applyRegions(regions, false);
      })
      .catch(function () {});
  }
  function connect() {
    if (!document.body.hasAttribute('data-live') || typeof window.io !== 'function') return;
    var socket = window.io({ transports: ['websocket'] });
    socket.on('status', function (message) {
      if (message && message.regions) applyRegions(message.regions, true);
      document.body.setAttribute('data-live-position', String(message.position));
    });
    socket.on('connect', function () {
      refresh();
      document.body.setAttribute('data-live-connected', 'true');
    });
    socket.on('disconnect', function () {
      document.body.removeAttribute('data-live-connected');
    });
  }
  function start() {
    localTimes(document);
    showZone();
    connect();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
