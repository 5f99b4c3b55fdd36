// numreg console: a little script on server-rendered pages; every page works without it.
(function () {
  'use strict';

  // Tables: click (or Enter on) a heading to sort by that column.
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th').forEach(function (th, column) {
      if (th.textContent.trim() === '') { return; }
      th.tabIndex = 0;
      th.setAttribute('aria-sort', 'none');
      var sort = function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        table.querySelectorAll('th[aria-sort]').forEach(function (other) { other.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        Array.from(body.rows).sort(function (a, b) {
          var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
          var order = (x !== '' && y !== '' && !isNaN(x) && !isNaN(y)) ? x - y : x.localeCompare(y);
          return ascending ? order : -order;
        }).forEach(function (row) { body.appendChild(row); });
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter') { sort(); } });
    });
  });

  // Forms that cannot be undone ask first.
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (!window.confirm(form.getAttribute('data-confirm'))) { e.preventDefault(); }
    });
  });

  // Allocate: show the fields of the chosen kind of allocation only.
  var allocate = document.getElementById('allocate');
  if (allocate) {
    var show = function () {
      var what = allocate.querySelector('input[name=what]:checked').value;
      allocate.querySelectorAll('[data-for]').forEach(function (label) {
        var shown = label.getAttribute('data-for').split(' ').indexOf(what) >= 0;
        label.hidden = !shown;
        label.querySelector('input').required = shown;
      });
      allocate.querySelector('fieldset.properties').hidden = what === 'block';
    };
    allocate.querySelectorAll('input[name=what]').forEach(function (radio) { radio.addEventListener('change', show); });
    show();
  }

  // Registry health: the changes arriving, from the sync feed, and the heads again every few seconds.
  var changes = document.getElementById('changes');
  if (changes) {
    var after = Math.max(0, Number(changes.getAttribute('data-after')) - 25);
    var body = changes.tBodies[0];
    var poll = function () {
      fetch('/registry/changes?after=' + after, { headers: { 'X-Requested-With': 'fetch' } })
        .then(function (r) { if (r.status === 499 || r.status === 401) { window.location.reload(); } return r.ok ? r.json() : []; })
        .then(function (list) {
          list.forEach(function (c) {
            var row = body.insertRow(0);
            row.className = 'new';
            [c.position, c.time, c.type.replace('org.numreg.', ''), c.subject, c.registrar, c.principal].forEach(function (v) {
              row.insertCell().textContent = v;
            });
            after = Math.max(after, c.position);
          });
          while (body.rows.length > 100) { body.deleteRow(body.rows.length - 1); }
        })
        .catch(function () { /* the next poll tries again */ });
    };
    poll();
    setInterval(poll, 2000);
    setInterval(function () {
      fetch('/registry', { headers: { 'X-Requested-With': 'fetch' } }).then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, 'text/html');
          ['agreement', 'heads', 'digest-agreement', 'digests', 'read-models'].forEach(function (id) {
            var now = document.getElementById(id), next = fresh.getElementById(id);
            if (now && next) { now.replaceWith(next); }
          });
        }).catch(function () {});
    }, 5000);
  }
})();
