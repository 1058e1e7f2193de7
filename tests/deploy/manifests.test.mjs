// The Kubernetes manifests of deploy/k8s, checked without a cluster:
// - each overlay renders, with kustomize.mjs and (where installed) with
//   `kubectl kustomize`, to the same objects;
// - every rendered object validates against the Kubernetes schemas offline
//   (kubernetes-models), unknown fields included;
// - what schemas cannot see: selectors that find the right pods, ports and
//   probes that line up with the gateway's settings, the security context,
//   resources, the grace period against the drain, the Secret mount, Redis
//   wiring, the fallback share against the autoscaler's maximum, and the
//   bulk spool and job store (volume sizes against the spool quota, the job
//   Redis's persistence).
// What needs the gateway binary (health names it serves, variables it
// accepts, startup with the manifest's environment) is in manifest_test.cc.
//
//   node --test tests/deploy/manifests.test.mjs
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { parseYamlDocuments, render, repoRoot, resourceId } from './kustomize.mjs';
import { validate } from './k8s_schema.mjs';

const k8sDir = path.join(repoRoot, 'deploy', 'k8s');
const overlays = ['single', 'ha'];
const rendered = Object.fromEntries(
  overlays.map((o) => [o, render(path.join(k8sDir, 'overlays', o))]));

function hasCommand(command, args) {
  const r = spawnSync(command, args, { stdio: 'ignore' });
  return !r.error && r.status === 0;
}
// kubectl with kustomize v4 or later (Debian's kubernetes-client 1.20 bundles
// v2, which knows neither `replicas` nor `patches`).
function kubectlKustomize() {
  const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return 'kubectl not installed';
  const m = /Kustomize Version: v(\d+)/.exec(r.stdout);
  if (!m || Number(m[1]) < 4) return 'kubectl bundles no kustomize v4+';
  return false;
}
const kubectlSkip = kubectlKustomize();
const yamllint = hasCommand('yamllint', ['--version']);

function find(objects, kind, name) {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind} ${name} is missing`);
  return o;
}

function selects(selector, labels) {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function gatewayParts(objects) {
  const deployment = find(objects, 'Deployment', 'gainsight-gateway');
  const pod = deployment.spec.template;
  const container = pod.spec.containers.find((c) => c.name === 'gateway');
  assert.ok(container, 'no container named gateway');
  const env = {};
  for (const from of container.envFrom ?? []) {
    env.__sources = [...(env.__sources ?? []), from];
    const cm = find(objects, 'ConfigMap', from.configMapRef.name);
    Object.assign(env, cm.data);
  }
  for (const e of container.env ?? []) env[e.name] = e.value ?? e.valueFrom;
  delete env.__sources;
  return { deployment, pod, container, env };
}

// Deployments and StatefulSets: what runs pods.
function workloads(objects) {
  return objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
}

// Kubernetes quantities as bytes: 2Gi, 64Mi, 1500M, 1e9.
function bytes(quantity) {
  const m = /^(\d+(?:\.\d+)?)([KMGT]i?)?$/.exec(String(quantity));
  assert.ok(m, `'${quantity}' is not a quantity`);
  const units = { K: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  return Number(m[1]) * (m[2] ? units[m[2]] : 1);
}

// The gateway's default spool quota (server/config/config.h).
const DEFAULT_SPOOL_QUOTA = 1500000000;

function portOf(hostPort) {
  return Number(hostPort.slice(hostPort.lastIndexOf(':') + 1));
}

// Go/absl durations as the gateway takes them: 500ms, 20s, 2m, 1h.
function seconds(duration) {
  const units = { ms: 0.001, s: 1, m: 60, h: 3600 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let consumed = 0;
  for (const m of duration.matchAll(re)) {
    total += Number(m[1]) * units[m[2]];
    consumed += m[0].length;
  }
  assert.equal(consumed, duration.length, `'${duration}' is not a duration`);
  return total;
}

for (const overlay of overlays) {
  const objects = rendered[overlay];

  test(`${overlay}: every object validates against the Kubernetes schemas`, async () => {
    assert.ok(objects.length > 0);
    for (const o of objects) {
      assert.deepEqual(await validate(o), [], `${o.kind} ${o.metadata?.name}`);
    }
  });

  test(`${overlay}: kustomize.mjs renders what kubectl kustomize renders`,
    { skip: kubectlSkip }, () => {
      const out = execFileSync('kubectl', ['kustomize', path.join(k8sDir, 'overlays', overlay)],
        { encoding: 'utf8' });
      const theirs = parseYamlDocuments(out, 'kubectl kustomize');
      const byId = (list) => Object.fromEntries(list.map((o) => [resourceId(o), o]));
      assert.deepEqual(byId(objects), byId(theirs));
    });

  test(`${overlay}: every container runs locked down with requests and limits`, () => {
    for (const d of workloads(objects)) {
      const pod = d.spec.template.spec;
      assert.equal(pod.securityContext?.runAsNonRoot, true, d.metadata.name);
      assert.ok(pod.securityContext?.runAsUser > 0, `${d.metadata.name}: runAsUser`);
      assert.equal(pod.automountServiceAccountToken, false, d.metadata.name);
      for (const c of pod.containers) {
        const where = `${d.metadata.name}/${c.name}`;
        const sc = c.securityContext ?? {};
        assert.equal(sc.readOnlyRootFilesystem, true, `${where}: readOnlyRootFilesystem`);
        assert.equal(sc.allowPrivilegeEscalation, false, `${where}: allowPrivilegeEscalation`);
        assert.notEqual(sc.privileged, true, `${where}: privileged`);
        assert.ok(sc.capabilities?.drop?.includes('ALL'), `${where}: capabilities.drop ALL`);
        assert.ok(!sc.capabilities?.add?.length, `${where}: capabilities.add`);
        for (const kind of ['requests', 'limits']) {
          for (const r of ['cpu', 'memory']) {
            assert.ok(c.resources?.[kind]?.[r], `${where}: resources.${kind}.${r}`);
          }
        }
      }
    }
  });

  test(`${overlay}: probes use the plaintext health port and the gateway's health names`, () => {
    const { container, env } = gatewayParts(objects);
    const grpcPort = container.ports.find((p) => p.name === 'grpc');
    assert.ok(grpcPort, 'no container port named grpc');
    assert.equal(portOf(env.GATEWAY_LISTEN), grpcPort.containerPort,
      'GATEWAY_LISTEN and the grpc container port differ');
    // The kubelet cannot present a client certificate to the mTLS port.
    const healthPort = container.ports.find((p) => p.name === 'health');
    assert.ok(healthPort, 'no container port named health');
    assert.equal(portOf(env.GATEWAY_HEALTH_LISTEN), healthPort.containerPort,
      'GATEWAY_HEALTH_LISTEN and the health container port differ');
    assert.deepEqual(container.livenessProbe.grpc,
      { port: healthPort.containerPort, service: 'gainsight-gateway.liveness' });
    assert.deepEqual(container.readinessProbe.grpc,
      { port: healthPort.containerPort, service: 'gainsight-gateway.readiness' });
    // A liveness probe must not fail before readiness does.
    assert.ok(container.livenessProbe.periodSeconds * container.livenessProbe.failureThreshold >=
      container.readinessProbe.periodSeconds * container.readinessProbe.failureThreshold);
  });

  test(`${overlay}: the gRPC port runs mTLS from cert-manager's certificate`, () => {
    const { pod, container, env } = gatewayParts(objects);
    const certificate = find(objects, 'Certificate', 'gainsight-gateway-tls');
    const volume = pod.spec.volumes.find((v) => v.secret?.secretName === certificate.spec.secretName);
    assert.ok(volume, `no volume of the Secret ${certificate.spec.secretName}`);
    const mount = container.volumeMounts.find((m) => m.name === volume.name);
    assert.ok(mount && mount.readOnly && !mount.subPath, 'the TLS Secret is not mounted whole, read-only');
    const fileOf = (key) => {
      const item = volume.secret.items.find((i) => i.key === key);
      assert.ok(item, `the Secret key ${key} is not projected`);
      return path.posix.join(mount.mountPath, item.path);
    };
    assert.equal(env.GATEWAY_TLS_CERT_FILE, fileOf('tls.crt'));
    assert.equal(env.GATEWAY_TLS_KEY_FILE, fileOf('tls.key'));
    // Client certificates required, signed by the CA that issued the server's.
    assert.equal(env.GATEWAY_TLS_CLIENT_CA_FILE, fileOf('ca.crt'));
    assert.equal(env.GATEWAY_INSECURE, undefined);
    assert.equal(volume.secret.defaultMode & 0o007, 0);
    // The issuer chain resolves within the manifests: CA issuer <- CA
    // certificate <- self-signed bootstrap issuer.
    const issuer = find(objects, certificate.spec.issuerRef.kind, certificate.spec.issuerRef.name);
    const ca = objects.find((o) => o.kind === 'Certificate' && o.spec.secretName === issuer.spec.ca?.secretName);
    assert.ok(ca?.spec.isCA, 'the issuer\'s CA certificate is missing');
    assert.ok(find(objects, ca.spec.issuerRef.kind, ca.spec.issuerRef.name).spec.selfSigned);
    assert.deepEqual(certificate.spec.usages, ['server auth']);
    assert.ok(certificate.spec.dnsNames.includes('gainsight-gateway'));
    assert.ok(certificate.spec.renewBefore, 'renewal before expiry');
  });

  test(`${overlay}: the policy ConfigMap is mounted where the gateway reads it`, () => {
    const { pod, container, env } = gatewayParts(objects);
    const volume = pod.spec.volumes.find((v) => v.configMap?.name === 'gainsight-gateway-policy');
    assert.ok(volume, 'no volume of the ConfigMap gainsight-gateway-policy');
    const mount = container.volumeMounts.find((m) => m.name === volume.name);
    assert.ok(mount && mount.readOnly, 'the policy is not mounted read-only');
    assert.ok(!mount.subPath, 'subPath mounts do not receive ConfigMap updates');
    const item = volume.configMap.items.find((i) => i.key === 'policy.yaml');
    assert.equal(env.GATEWAY_POLICY_FILE, path.posix.join(mount.mountPath, item.path));
    const policy = find(objects, 'ConfigMap', 'gainsight-gateway-policy');
    const parsed = parseYamlDocuments(policy.data['policy.yaml'], 'policy.yaml')[0];
    assert.ok(Array.isArray(parsed.callers) && parsed.callers.length > 0);
  });

  test(`${overlay}: the metrics port is exposed and annotated for Prometheus`, () => {
    const { pod, container, env } = gatewayParts(objects);
    const metrics = container.ports.find((p) => p.name === 'metrics');
    assert.ok(metrics, 'no container port named metrics');
    assert.equal(portOf(env.GATEWAY_METRICS_LISTEN), metrics.containerPort);
    const a = pod.metadata.annotations;
    assert.equal(a['prometheus.io/scrape'], 'true');
    assert.equal(Number(a['prometheus.io/port']), metrics.containerPort);
    assert.equal(a['prometheus.io/path'], '/metrics');
    const service = find(objects, 'Service', 'gainsight-gateway');
    assert.ok(service.spec.ports.some((p) => p.name === 'metrics' && p.targetPort === 'metrics'));
  });

  test(`${overlay}: Services, budget, policies and autoscaler find the right pods`, () => {
    const { deployment, pod, container } = gatewayParts(objects);
    const labels = pod.metadata.labels;
    assert.ok(selects(deployment.spec.selector.matchLabels, labels));
    const podsOf = (selector) => workloads(objects)
      .filter((o) => selects(selector, o.spec.template.metadata.labels))
      .map((o) => o.metadata.name);
    for (const s of objects.filter((o) => o.kind === 'Service')) {
      // Each Service selects the pods of the workload of its name (the
      // gateway's Services, the gateway's pods).
      const expected = workloads(objects).some((w) => w.metadata.name === s.metadata.name)
        ? [s.metadata.name] : ['gainsight-gateway'];
      assert.deepEqual(podsOf(s.spec.selector), expected, `Service ${s.metadata.name}`);
      const target = workloads(objects).find((w) => w.metadata.name === expected[0])
        .spec.template.spec.containers;
      for (const p of s.spec.ports) {
        assert.ok(target.some((c) => c.ports.some((cp) => cp.name === p.targetPort)),
          `Service ${s.metadata.name}: no container port ${p.targetPort}`);
      }
    }
    const grpcService = find(objects, 'Service', 'gainsight-gateway');
    assert.ok(grpcService.spec.ports.some((p) => p.name === 'grpc' && p.targetPort === 'grpc'),
      'the Service has no port named grpc');
    const pdb = find(objects, 'PodDisruptionBudget', 'gainsight-gateway');
    assert.deepEqual(podsOf(pdb.spec.selector.matchLabels), ['gainsight-gateway']);
    // One replica must stay evictable, or node drains hang.
    assert.equal(pdb.spec.maxUnavailable, 1);
    const policy = find(objects, 'NetworkPolicy', 'gainsight-gateway');
    assert.deepEqual(podsOf(policy.spec.podSelector.matchLabels), ['gainsight-gateway']);
    const ingressPorts = policy.spec.ingress.flatMap((r) => r.ports.map((p) => p.port));
    assert.deepEqual(ingressPorts.sort(), ['grpc', 'metrics']);
    for (const name of ingressPorts) assert.ok(container.ports.some((p) => p.name === name));
    // Nobody reaches a port from anywhere: gRPC from labelled client
    // namespaces, metrics from the monitoring namespace.
    const sources = (port) => policy.spec.ingress.filter((r) => r.ports.some((p) => p.port === port))
      .flatMap((r) => r.from ?? [{}]);
    assert.deepEqual(sources('grpc'),
      [{ namespaceSelector: { matchLabels: { 'gainsight-gateway.io/client': 'true' } } }]);
    assert.deepEqual(sources('metrics'),
      [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }]);
    const egressPorts = policy.spec.egress.flatMap((r) => r.ports.map((p) => p.port));
    assert.ok(egressPorts.includes(53) && egressPorts.includes(443), 'egress to DNS and HTTPS');
  });

  test(`${overlay}: the grace period covers preStop and the drain, and no more`, () => {
    const { pod, container, env } = gatewayParts(objects);
    const sleep = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
    const drain = seconds(env.GATEWAY_DRAIN_TIMEOUT);
    const grace = pod.spec.terminationGracePeriodSeconds;
    // After SIGTERM the gateway exits within the drain timeout plus up to
    // 5 s (kStopAfterDrain in drain_test.cc: its metrics endpoint needs at
    // most 1 s); allow a second more, and do not keep dead pods around for
    // long.
    const stopAfterDrain = 5;
    const least = sleep + drain + stopAfterDrain + 1;
    assert.ok(grace >= least, `grace ${grace} < preStop ${sleep} + drain ${drain} + ${stopAfterDrain + 1}`);
    assert.ok(grace <= least + 10, `grace ${grace} far above preStop + drain`);
    assert.ok(seconds(env.GATEWAY_DEFAULT_DEADLINE) > 0);
  });

  test(`${overlay}: the spool quota stays below the spool volume's size`, () => {
    const { pod, container, env } = gatewayParts(objects);
    const mount = container.volumeMounts.find((m) => m.name === 'bulk-spool');
    assert.ok(mount, 'no bulk-spool volume mounted');
    assert.equal(mount.mountPath, env.GATEWAY_BULK_SPOOL_DIR ?? '/var/lib/gainsight-gateway/bulk');
    const volume = pod.spec.volumes.find((v) => v.name === 'bulk-spool');
    let size;
    if (volume.emptyDir) {
      size = bytes(volume.emptyDir.sizeLimit);
    } else {
      const claim = find(objects, 'PersistentVolumeClaim', volume.persistentVolumeClaim.claimName);
      size = bytes(claim.spec.resources.requests.storage);
    }
    const quota = Number(env.GATEWAY_BULK_SPOOL_QUOTA_BYTES ?? DEFAULT_SPOOL_QUOTA);
    // Room for one part over the quota (a few MB) and the job records: the
    // kubelet never evicts the pod for its spool.
    assert.ok(quota <= 0.8 * size, `spool quota ${quota} > 80% of the volume's ${size} bytes`);
  });

  test(`${overlay}: the access key Secret is mounted where the gateway reads it`, () => {
    const { pod, container, env } = gatewayParts(objects);
    const volume = pod.spec.volumes.find((v) => v.secret?.secretName === 'gainsight-gateway-access-key');
    assert.ok(volume, 'no volume of the Secret gainsight-gateway-access-key');
    const mount = container.volumeMounts.find((m) => m.name === volume.name);
    assert.ok(mount, 'the Secret volume is not mounted');
    assert.equal(mount.readOnly, true);
    assert.ok(!mount.subPath, 'subPath mounts do not receive Secret updates');
    const item = volume.secret.items.find((i) => i.key === 'access-key');
    assert.ok(item, 'the Secret key access-key is not projected');
    assert.equal(env.GAINSIGHT_ACCESS_KEY_FILE, path.posix.join(mount.mountPath, item.path));
    assert.equal(env.GAINSIGHT_ACCESS_KEY, undefined, 'the key must not be in the environment');
    // Readable by the gateway's group (fsGroup), by no one else.
    assert.equal(volume.secret.defaultMode & 0o007, 0);
    assert.equal(volume.secret.defaultMode & 0o040, 0o040);
    assert.ok(pod.spec.securityContext.fsGroup > 0);
  });
}

test('single: one replica on the in-process budget', () => {
  const objects = rendered.single;
  const { deployment, env } = gatewayParts(objects);
  assert.equal(deployment.spec.replicas, 1);
  assert.equal(env.REDIS_URL, undefined);
  assert.ok(!objects.some((o) => o.kind === 'HorizontalPodAutoscaler'));
  // A rollout must not take the only replica away before its successor is ready.
  assert.equal(deployment.spec.strategy.rollingUpdate.maxUnavailable, 0);
});

test('ha: three replicas share a budget in the overlay\'s Redis', () => {
  const objects = rendered.ha;
  const { deployment, env } = gatewayParts(objects);
  assert.equal(deployment.spec.replicas, 3);
  const url = new URL(env.REDIS_URL);
  assert.equal(url.protocol, 'redis:');
  const service = find(objects, 'Service', url.hostname);
  assert.ok(service.spec.ports.some((p) => p.port === Number(url.port || 6379)));
  const redis = find(objects, 'Deployment', 'gainsight-gateway-redis');
  const redisPort = redis.spec.template.spec.containers[0].ports[0].containerPort;
  assert.ok(service.spec.ports.some((p) => p.port === Number(url.port) && p.targetPort === 'redis'));
  assert.equal(redisPort, 6379);
  // The gateway may reach Redis, and only the gateway may.
  const gatewayLabels = deployment.spec.template.metadata.labels;
  const egress = objects.filter((o) => o.kind === 'NetworkPolicy' &&
    selects(o.spec.podSelector.matchLabels, gatewayLabels) && o.spec.egress);
  assert.ok(egress.some((p) => p.spec.egress.some((r) =>
    r.ports.some((x) => x.port === redisPort) &&
    r.to?.some((t) => selects(t.podSelector.matchLabels, redis.spec.template.metadata.labels)))),
  'no egress from the gateway to Redis');
  const redisPolicy = find(objects, 'NetworkPolicy', 'gainsight-gateway-redis');
  assert.ok(selects(redisPolicy.spec.podSelector.matchLabels, redis.spec.template.metadata.labels));
  assert.ok(redisPolicy.spec.ingress.every((r) => r.from.every((f) =>
    selects(f.podSelector.matchLabels, gatewayLabels))));
});

test('ha: autoscaler bounds keep the Redis fallback within the tenant\'s limits', () => {
  const objects = rendered.ha;
  const { deployment, env } = gatewayParts(objects);
  const hpa = find(objects, 'HorizontalPodAutoscaler', 'gainsight-gateway');
  assert.deepEqual(hpa.spec.scaleTargetRef,
    { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
  assert.equal(hpa.spec.minReplicas, deployment.spec.replicas);
  // While Redis is down each replica uses the fallback share on its own.
  const share = Number(env.GATEWAY_FALLBACK_SHARE);
  assert.ok(share > 0 && share * hpa.spec.maxReplicas <= 1 + 1e-9,
    `fallback share ${share} x maxReplicas ${hpa.spec.maxReplicas} > 1`);
});

test('ha: every replica mounts one shared spool, and says so', () => {
  const { pod, env } = gatewayParts(rendered.ha);
  assert.equal(env.GATEWAY_BULK_SPOOL_SHARED, 'true');
  const volume = pod.spec.volumes.find((v) => v.name === 'bulk-spool');
  assert.ok(volume.persistentVolumeClaim, 'the spool is not a claim');
  assert.equal(volume.emptyDir, undefined);
  const claim = find(rendered.ha, 'PersistentVolumeClaim', volume.persistentVolumeClaim.claimName);
  assert.deepEqual(claim.spec.accessModes, ['ReadWriteMany']);
  const single = gatewayParts(rendered.single);
  assert.notEqual(single.env.GATEWAY_BULK_SPOOL_SHARED, 'true', 'single has a volume of its own');
});

test('ha: job state lives in a Redis of its own that persists and never evicts', () => {
  const objects = rendered.ha;
  const { deployment, env } = gatewayParts(objects);
  const url = new URL(env.JOB_REDIS_URL);
  assert.notEqual(env.JOB_REDIS_URL, env.REDIS_URL, 'apart from the rate limiter\'s Redis');
  const service = find(objects, 'Service', url.hostname);
  const store = workloads(objects).find((w) => selects(service.spec.selector, w.spec.template.metadata.labels));
  assert.equal(store.kind, 'StatefulSet');
  const redis = store.spec.template.spec.containers[0];
  const arg = (name) => redis.args[redis.args.indexOf(name) + 1];
  assert.equal(arg('--appendonly'), 'yes');
  assert.ok(['always', 'everysec'].includes(arg('--appendfsync')));
  assert.equal(arg('--maxmemory-policy'), 'noeviction');
  // The append-only file is on the claim's volume.
  const data = redis.volumeMounts.find((m) => m.mountPath === arg('--dir'));
  assert.ok(data, 'Redis --dir is not a mounted volume');
  const template = store.spec.volumeClaimTemplates.find((t) => t.metadata.name === data.name);
  assert.ok(template, 'the data volume is not a persistent claim');
  assert.ok(service.spec.ports.some((p) => p.port === Number(url.port) && p.targetPort === 'redis'));
  // The gateway may reach it, and only the gateway may.
  const gatewayLabels = deployment.spec.template.metadata.labels;
  const egress = objects.filter((o) => o.kind === 'NetworkPolicy' &&
    selects(o.spec.podSelector.matchLabels, gatewayLabels) && o.spec.egress);
  assert.ok(egress.some((p) => p.spec.egress.some((r) =>
    r.to?.some((t) => selects(t.podSelector.matchLabels, store.spec.template.metadata.labels)))),
  'no egress from the gateway to the job Redis');
  const policy = objects.find((o) => o.kind === 'NetworkPolicy' &&
    selects(o.spec.podSelector.matchLabels, store.spec.template.metadata.labels));
  assert.ok(policy, 'no policy guards the job Redis');
  assert.ok(policy.spec.ingress.every((r) => r.from.every((f) =>
    selects(f.podSelector.matchLabels, gatewayLabels))));
});

test('ha: a headless Service gives clients one address per replica', () => {
  const headless = find(rendered.ha, 'Service', 'gainsight-gateway-headless');
  assert.equal(headless.spec.clusterIP, 'None');
  assert.ok(headless.spec.ports.some((p) => p.name === 'grpc' && p.port === 50051));
});

test('the YAML sources are yamllint-clean', { skip: yamllint ? false : 'yamllint not installed' }, () => {
  const r = spawnSync('yamllint', ['--strict', k8sDir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
