(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('alert-data').textContent);
  var PAGE = 100;
  var page = 0;
  var shown = data.rows;
  var body = document.querySelector('#alert-table tbody');
  var level = document.getElementById('alert-level');
  var filter = document.getElementById('alert-filter');
  var label = document.getElementById('alert-page');
  function cell(tr, text) {
    var td = document.createElement('td');
    td.textContent = text;
    tr.appendChild(td);
  }
  function select() {
    var min = Number(level.value);
    var q = filter.value.toLowerCase();
    shown = data.rows.filter(function (r) {
      if (r[1] < min) { return false; }
      if (!q) { return true; }
      return data.rules[r[2]].toLowerCase().indexOf(q) >= 0 || data.hosts[r[3]].toLowerCase().indexOf(q) >= 0;
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
      cell(tr, r[0].replace('T', ' ').replace('Z', ''));
      cell(tr, data.levels[r[1]]);
      cell(tr, data.rules[r[2]]);
      cell(tr, data.hosts[r[3]]);
      cell(tr, r[4]);
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
})();
