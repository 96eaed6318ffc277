// Charts of a pipeline's last hour (pipelines/detail.html), drawn with Chart.js from the metrics
// the page's own /pipelines/{id}/metrics returns, refreshed every data-refresh-ms.
// No inline scripts: the Content-Security-Policy forbids them, so the page only carries data-* attributes.
(function () {
  'use strict';

  var SERIES = {
    throughput: [
      { label: 'in', value: function (p) { return p.eventsInPerSecond; }, color: '#0b62d6' },
      { label: 'out', value: function (p) { return p.eventsOutPerSecond; }, color: '#1b7f3b' }
    ],
    duplicates: [{ label: 'duplicates', value: function (p) { return p.duplicatesPerSecond; }, color: '#9a6400' }],
    deadLetters: [{ label: 'dead letters', value: function (p) { return p.deadLettersPerSecond; }, color: '#b42318' }],
    join: [
      { label: 'joined', value: function (p) { return p.joinedPerSecond; }, color: '#1b7f3b' },
      { label: 'unmatched', value: function (p) { return p.unmatchedPerSecond; }, color: '#9a6400' }
    ],
    joinWaiting: [{ label: 'waiting', value: function (p) { return p.joinWaiting; }, color: '#5b6475' }],
    lag: [{ label: 'lag', value: function (p) { return p.lag; }, color: '#5b6475' }],
    latency: [
      { label: 'p50', value: function (p) { return p.latencyP50Millis; }, color: '#0b62d6' },
      { label: 'p99', value: function (p) { return p.latencyP99Millis; }, color: '#b42318' }
    ]
  };

  function label(time) {
    return new Date(time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function short(value) {
    if (value === null || value === undefined) { return '–'; }
    if (value >= 1000000) { return (value / 1000000).toFixed(1) + 'M'; }
    if (value >= 1000) { return (value / 1000).toFixed(1) + 'k'; }
    return value >= 10 ? Math.round(value).toString() : (Math.round(value * 10) / 10).toString();
  }

  function create(canvas, series) {
    return new window.Chart(canvas, {
      type: 'line',
      data: {
        labels: [],
        datasets: series.map(function (s) {
          return { label: s.label, data: [], borderColor: s.color, backgroundColor: s.color,
                   borderWidth: 2, pointRadius: 0, spanGaps: false,
                   // Monotone: a curve never dips below 0 between two points that do not.
                   cubicInterpolationMode: 'monotone' };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: { x: { ticks: { maxTicksLimit: 6, maxRotation: 0 } }, y: { beginAtZero: true } },
        plugins: { legend: { display: series.length > 1, position: 'bottom' } }
      }
    });
  }

  function start(container) {
    var url = container.dataset.metricsUrl;
    var every = parseInt(container.dataset.refreshMs, 10) || 5000;
    var charts = {};
    container.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      charts[canvas.dataset.chart] = create(canvas, SERIES[canvas.dataset.chart]);
    });

    function draw(metrics) {
      var points = metrics.points || [];
      var labels = points.map(function (p) { return label(p.time); });
      var last = points.length ? points[points.length - 1] : null;
      Object.keys(charts).forEach(function (name) {
        var chart = charts[name];
        chart.data.labels = labels;
        SERIES[name].forEach(function (s, i) {
          chart.data.datasets[i].data = points.map(function (p) {
            var v = s.value(p);
            return v === undefined ? null : v;
          });
        });
        chart.update();
        var now = container.querySelector('[data-now="' + name + '"]');
        if (now) {
          now.textContent = last ? 'now ' + SERIES[name].map(function (s) {
            return (SERIES[name].length > 1 ? s.label + ' ' : '') + short(s.value(last));
          }).join(', ') : '–';
        }
      });
      container.dataset.points = String(points.length);
    }

    var timer = null;

    function refresh() {
      // Manual redirects: an ended session answers with a redirect to the login page, which
      // must load as a page rather than be parsed as metrics.
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', redirect: 'manual' })
        .then(function (response) {
          if (response.type === 'opaqueredirect' || response.status === 401) {
            window.location.assign('/login?expired');
            return null;
          }
          return response.ok ? response.json() : null;
        })
        .then(function (metrics) {
          if (metrics && metrics.gone) {
            window.clearInterval(timer); // the pipeline was deleted: nothing more to draw
          } else if (metrics) {
            draw(metrics);
          }
        })
        .catch(function () { /* the next refresh tries again; the page says nothing changed */ });
    }

    refresh();
    timer = window.setInterval(refresh, every);
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.Chart) { return; }
    document.querySelectorAll('[data-metrics-url]').forEach(start);
  });
})();
