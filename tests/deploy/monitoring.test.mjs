// deploy/k8s/monitoring, checked without a cluster:
// - the PrometheusRule and ServiceMonitor validate against the Prometheus
//   Operator's schemas (@kubernetes-models/prometheus-operator), unknown
//   fields included;
// - every metric an alert or a dashboard panel queries is one the gateway
//   declares (server/observe/metric_names.h), histogram series only of
//   histograms;
// - alerts are well formed (unique names, severity, summary, balanced
//   expressions) and select the job the ServiceMonitor produces;
// - the ServiceMonitor finds the gateway's Service and its metrics port;
// - the Grafana dashboard is well formed (unique ids, panels on the grid
//   without overlaps, only defined variables).
//
//   node --test tests/deploy/monitoring.test.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { render, repoRoot } from './kustomize.mjs';
import { validate } from './k8s_schema.mjs';

const monitoringDir = path.join(repoRoot, 'deploy', 'k8s', 'monitoring');
const objects = render(monitoringDir);
const dashboard = JSON.parse(
  fs.readFileSync(path.join(monitoringDir, 'grafana-dashboard.json'), 'utf8'));

// name -> 'counter' | 'gauge' | 'histogram', from the one header that
// declares every metric.
function declaredMetrics() {
  const text = fs.readFileSync(
    path.join(repoRoot, 'server', 'observe', 'metric_names.h'), 'utf8');
  const names = {};
  for (const [, constant, name] of text.matchAll(/constexpr char (k\w+)\[\] =\s*"([^"]+)"/g)) {
    names[constant] = name;
  }
  const kinds = {};
  for (const [, kind, constant] of text.matchAll(/m\.Declare(Counter|Gauge|Histogram)\(\s*(k\w+)/g)) {
    assert.ok(names[constant], `${constant} is declared but has no name`);
    kinds[names[constant]] = kind.toLowerCase();
  }
  return kinds;
}
const metrics = declaredMetrics();

// The metric names a PromQL expression reads (identifiers followed by a
// selector, a range or a space, that are not functions or keywords).
const promqlWords = new Set([
  'sum', 'min', 'max', 'avg', 'count', 'by', 'without', 'rate', 'increase',
  'histogram_quantile', 'and', 'or', 'unless', 'on', 'ignoring', 'le',
  'label_values', 'bool', 'offset',
]);
function metricNames(expr) {
  const stripped = expr.replace(/\{[^}]*\}/g, '{}').replace(/"[^"]*"/g, '""')
    .replace(/\[[^\]]*\]/g, '[]');
  const out = new Set();
  for (const [, word, next] of stripped.matchAll(/([a-zA-Z_:][\w:]*)\s*(\(|\{|\[|)/g)) {
    if (next === '(' || promqlWords.has(word)) continue;
    if (/^\d/.test(word)) continue;
    out.add(word);
  }
  // Labels inside by (...) are words too: drop them.
  for (const [, list] of stripped.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g)) {
    for (const label of list.split(',')) out.delete(label.trim());
  }
  return [...out];
}

function checkMetric(name, where) {
  if (name === 'up') return;  // Prometheus's own
  if (metrics[name]) return;
  const histogram = /^(.*)_(bucket|sum|count)$/.exec(name);
  assert.ok(histogram && metrics[histogram[1]] === 'histogram',
    `${where}: ${name} is no metric the gateway exports`);
}

function balanced(expr) {
  const pairs = { ')': '(', '}': '{', ']': '[' };
  const stack = [];
  for (const c of expr.replace(/"[^"]*"/g, '""')) {
    if ('({['.includes(c)) stack.push(c);
    if (pairs[c] && stack.pop() !== pairs[c]) return false;
  }
  return stack.length === 0;
}

const rules = objects.find((o) => o.kind === 'PrometheusRule');
const alerts = rules.spec.groups.flatMap((g) => g.rules);

test('the monitoring objects validate against the Prometheus Operator schemas', async () => {
  assert.deepEqual(objects.map((o) => o.kind).sort(), ['PrometheusRule', 'ServiceMonitor']);
  for (const o of objects) {
    assert.deepEqual(await validate(o), [], `${o.kind} ${o.metadata.name}`);
  }
});

test('the schema check catches a misspelt rule field', async () => {
  const broken = structuredClone(rules);
  broken.spec.groups[0].rules[0].expresion = 'up == 0';
  const errors = await validate(broken);
  assert.ok(errors.some((e) => e.includes('expresion: unknown field')), errors.join('\n'));
});

test('every alert queries metrics the gateway exports', () => {
  for (const rule of alerts) {
    const names = metricNames(rule.expr);
    assert.ok(names.length > 0, `${rule.alert}: no metric in ${rule.expr}`);
    for (const name of names) checkMetric(name, rule.alert);
  }
});

test('the metric check catches a metric the gateway does not export', () => {
  assert.throws(() => {
    for (const name of metricNames('sum(rate(gainsight_rpc_request_total[5m]))')) {
      checkMetric(name, 'probe');
    }
  }, /gainsight_rpc_request_total is no metric/);
  assert.throws(() => checkMetric('gainsight_quota_remaining_bucket', 'probe'),
    /no metric/, 'a gauge has no buckets');
});

test('alerts are well formed and select the job the ServiceMonitor scrapes', () => {
  const names = alerts.map((r) => r.alert);
  assert.equal(new Set(names).size, names.length, 'alert names repeat');
  for (const rule of alerts) {
    assert.ok(['warning', 'critical'].includes(rule.labels?.severity), `${rule.alert}: severity`);
    assert.ok(rule.annotations?.summary, `${rule.alert}: summary`);
    assert.ok(rule.annotations?.description, `${rule.alert}: description`);
    assert.ok(balanced(rule.expr), `${rule.alert}: unbalanced ${rule.expr}`);
    if (rule.for !== undefined) assert.match(rule.for, /^\d+[smh]$/, `${rule.alert}: for`);
    for (const [, job] of rule.expr.matchAll(/job="([^"]*)"/g)) {
      assert.equal(job, 'gainsight-gateway', `${rule.alert}: job`);
    }
  }
});

test('the ServiceMonitor finds the gateway Service and its metrics port', () => {
  const monitor = objects.find((o) => o.kind === 'ServiceMonitor');
  for (const overlay of ['single', 'ha']) {
    const services = render(path.join(repoRoot, 'deploy', 'k8s', 'overlays', overlay))
      .filter((o) => o.kind === 'Service');
    const selected = services.filter((s) => Object.entries(monitor.spec.selector.matchLabels)
      .every(([k, v]) => s.metadata.labels?.[k] === v));
    const scraped = selected.filter((s) => s.spec.ports.some(
      (p) => monitor.spec.endpoints.some((e) => e.port === p.name)));
    assert.deepEqual(scraped.map((s) => s.metadata.name), ['gainsight-gateway'],
      `${overlay}: one Service scraped, once`);
  }
  // Prometheus names the job after the Service: the job the alerts select.
  assert.equal(monitor.metadata.name, 'gainsight-gateway');
});

test('the dashboard queries only exported metrics, on a grid without overlaps', () => {
  assert.equal(dashboard.uid, 'gainsight-gateway');
  const variables = new Set(['__rate_interval', '__interval', '__range',
    ...dashboard.templating.list.map((v) => v.name)]);
  const ids = new Set();
  const cells = new Set();
  for (const panel of dashboard.panels) {
    assert.ok(!ids.has(panel.id), `panel id ${panel.id} repeats`);
    ids.add(panel.id);
    const { x, y, w, h } = panel.gridPos;
    assert.ok(x >= 0 && w > 0 && x + w <= 24, `${panel.title}: off the grid`);
    for (let i = x; i < x + w; i++) {
      for (let j = y; j < y + h; j++) {
        assert.ok(!cells.has(`${i},${j}`), `${panel.title} overlaps another panel`);
        cells.add(`${i},${j}`);
      }
    }
    assert.ok(panel.targets.length > 0, `${panel.title}: no query`);
    const refIds = panel.targets.map((t) => t.refId);
    assert.equal(new Set(refIds).size, refIds.length, `${panel.title}: refIds repeat`);
    for (const target of panel.targets) {
      assert.ok(balanced(target.expr), `${panel.title}: unbalanced ${target.expr}`);
      for (const [, name] of target.expr.matchAll(/\$\{?(\w+)/g)) {
        assert.ok(variables.has(name), `${panel.title}: $${name} is not defined`);
      }
      for (const name of metricNames(target.expr.replace(/\$\{?\w+\}?/g, '1m'))) {
        checkMetric(name, panel.title);
      }
    }
  }
});
