(function () {
  'use strict';
  // Marks for measuring how fast the report opens (gamekeeper-bench's ReportOpenFigure)
  var marks = window.performance && performance.mark ? function (n) { performance.mark(n); } : function () {};
  marks('gk-script');
  // The alerts as columns (HtmlReport.alertTable): times as differences in milliseconds, indexes into
  // the rules, hosts and files, a level digit per alert.
  var data = JSON.parse(document.getElementById('alert-data').textContent);
  var count = data.rule.length;
  var time = new Array(count);
  var t = data.base;
  for (var i = 0; i < count; i++) {
    if (data.time[i] === null) {
      time[i] = null;
    } else {
      t += data.time[i];
      time[i] = t;
    }
  }
  marks('gk-data');
  var PAGE = 100;
  var page = 0;
  var all = new Array(count);
  for (var a = 0; a < count; a++) { all[a] = a; }
  var shown = all;
  var body = document.querySelector('#alert-table tbody');
  var level = document.getElementById('alert-level');
  var filter = document.getElementById('alert-filter');
  var label = document.getElementById('alert-page');
  function cell(tr, text) {
    var td = document.createElement('td');
    td.textContent = text;
    tr.appendChild(td);
  }
  function when(ms) {
    if (ms === null) { return ''; }
    var s = new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    return s.slice(-4) === '.000' ? s.slice(0, -4) : s;
  }
  function levelOf(r) {
    return data.level.charCodeAt(r) - 48;
  }
  function select() {
    var min = Number(level.value);
    var q = filter.value.toLowerCase();
    var rules = data.rules.map(function (x) { return x.toLowerCase().indexOf(q) >= 0; });
    var hosts = data.hosts.map(function (x) { return x.toLowerCase().indexOf(q) >= 0; });
    shown = all.filter(function (r) {
      if (levelOf(r) < min) { return false; }
      return !q || rules[data.rule[r]] || hosts[data.host[r]];
    });
    page = 0;
    render();
  }
  function render() {
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    body.textContent = '';
    shown.slice(page * PAGE, page * PAGE + PAGE).forEach(function (r) {
      var tr = document.createElement('tr');
      cell(tr, when(time[r]));
      cell(tr, data.levels[levelOf(r)]);
      cell(tr, data.rules[data.rule[r]]);
      cell(tr, data.hosts[data.host[r]]);
      cell(tr, data.files[data.file[r]] + (data.record[r] >= 0 ? '#' + data.record[r] : ''));
      tr.lastChild.className = 'ref';
      body.appendChild(tr);
    });
    label.textContent = 'page ' + (page + 1) + ' of ' + pages + ' (' + shown.length + ' alerts)';
  }
  level.addEventListener('change', select);
  filter.addEventListener('input', select);
  document.getElementById('alert-prev').addEventListener('click', function () { page--; render(); });
  document.getElementById('alert-next').addEventListener('click', function () { page++; render(); });
  render();
  // the first page of the table is in the document; after the next frame it is drawn, with the charts above it
  marks('gk-table');
  requestAnimationFrame(function () {
    setTimeout(function () { marks('gk-drawn'); }, 0);
  });
})();
