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
    duplicates: [
      { label: 'duplicates', value: function (p) { return p.duplicatesPerSecond; }, color: '#9a6400' },
      // Dropped by the pipeline's filter; absent from an api-service that does not count it.
      { label: 'filtered', value: function (p) { return p.filteredPerSecond; }, color: '#6b3fa0' }
    ],
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

  // What a value means, for the axis title and the tooltips: a number alone says nothing.
  var UNITS = {
    throughput: 'events/s', duplicates: 'events/s', deadLetters: 'events/s', join: 'left events/s',
    joinWaiting: 'events', lag: 'events', latency: 'ms'
  };

  function label(time) {
    return new Date(time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  // Tooltips give the value as the API does (rates to two decimals), not rounded for an axis.
  function exact(value) {
    return Number.isInteger(value) ? value.toLocaleString() : (Math.round(value * 100) / 100).toLocaleString();
  }

  function short(value) {
    if (value === null || value === undefined) { return '–'; }
    if (value >= 1000000) { return (value / 1000000).toFixed(1) + 'M'; }
    if (value >= 1000) { return (value / 1000).toFixed(1) + 'k'; }
    return value >= 10 ? Math.round(value).toString() : (Math.round(value * 10) / 10).toString();
  }

  // A value with no drawn neighbour (the first sample, or one between two gaps) would be a line of
  // no length, invisible: it gets a dot.
  function lonePointRadius(context) {
    var data = context.dataset.data;
    var i = context.dataIndex;
    if (data[i] === null || data[i] === undefined) { return 0; }
    var before = i > 0 ? data[i - 1] : null;
    var after = i < data.length - 1 ? data[i + 1] : null;
    return (before === null || before === undefined) && (after === null || after === undefined) ? 3 : 0;
  }

  // Points further apart than twice the sample interval had no sample between them (nobody
  // reported): a null point there makes the line break instead of bridging the silence.
  function withGaps(points, intervalMillis) {
    var result = [];
    var limit = 2 * (intervalMillis || 0);
    points.forEach(function (p, i) {
      if (i > 0 && limit > 0 && Date.parse(p.time) - Date.parse(points[i - 1].time) > limit) {
        result.push({ time: null, gap: true });
      }
      result.push(p);
    });
    return result;
  }

  function create(canvas, series, unit) {
    return new window.Chart(canvas, {
      type: 'line',
      data: {
        labels: [],
        datasets: series.map(function (s) {
          return { label: s.label, data: [], borderColor: s.color, backgroundColor: s.color,
                   borderWidth: 2, pointRadius: lonePointRadius, pointHoverRadius: 4, spanGaps: false,
                   // Monotone: a curve never dips below 0 between two points that do not.
                   cubicInterpolationMode: 'monotone' };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { ticks: { maxTicksLimit: 6, maxRotation: 0 } },
          y: { beginAtZero: true, title: { display: true, text: unit },
               ticks: { callback: function (value) { return short(value); } } }
        },
        plugins: {
          legend: { display: series.length > 1, position: 'bottom' },
          tooltip: { callbacks: { label: function (item) {
            return item.dataset.label + ': ' + (item.raw === null || item.raw === undefined ? '–'
              : exact(item.raw) + ' ' + unit);
          } } }
        }
      }
    });
  }

  function start(container) {
    var url = container.dataset.metricsUrl;
    var every = parseInt(container.dataset.refreshMs, 10) || 5000;
    var charts = {};
    container.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      charts[canvas.dataset.chart] = create(canvas, SERIES[canvas.dataset.chart], UNITS[canvas.dataset.chart]);
    });

    function draw(metrics) {
      var sampled = metrics.points || [];
      var points = withGaps(sampled, metrics.sampleIntervalMillis);
      var labels = points.map(function (p) { return p.gap ? '' : label(p.time); });
      var last = sampled.length ? sampled[sampled.length - 1] : null;
      Object.keys(charts).forEach(function (name) {
        var chart = charts[name];
        chart.data.labels = labels;
        SERIES[name].forEach(function (s, i) {
          chart.data.datasets[i].data = points.map(function (p) {
            var v = p.gap ? null : s.value(p);
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
      container.dataset.points = String(sampled.length);
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
