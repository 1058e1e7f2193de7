// A stand-in for `kubectl kustomize`, limited to the features that
// deploy/k8s uses, for machines without kubectl (Debian 12 packages no
// kustomize). Anything else in a kustomization is an error, never ignored;
// manifests.test.mjs checks that its output equals kubectl's where kubectl
// exists.
//
//   node tests/deploy/kustomize.mjs DIR [--json]
//
// Supported: `resources` (files, possibly multi-document, and directories
// holding a kustomization), `replicas`, and `patches` given by `path` whose
// documents are strategic-merge patches of maps and of the pod spec's lists
// merged by `name` (containers, volumes, volumeMounts, env); any other list
// in a patch is an error. YAML is read as YAML 1.1, like the Kubernetes API
// server reads it.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
const toolsRequire = createRequire(path.join(repoRoot, 'tools', 'package.json'));
export const YAML = toolsRequire('yaml');

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const SUPPORTED_KEYS = new Set(['apiVersion', 'kind', 'resources', 'replicas', 'patches']);
const SCALABLE_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

export function parseYamlDocuments(text, where) {
  const docs = [];
  for (const doc of YAML.parseAllDocuments(text, { version: '1.1' })) {
    if (doc.errors.length > 0) {
      throw new Error(`${where}: ${doc.errors[0].message}`);
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) docs.push(value);
  }
  return docs;
}

function readDocuments(file) {
  return parseYamlDocuments(fs.readFileSync(file, 'utf8'), file);
}

export function resourceId(o) {
  const group = (o.apiVersion || '').includes('/') ? o.apiVersion.split('/')[0] : '';
  return `${group}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

function isMap(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// Lists whose strategic merge key is `name` in the Kubernetes API.
const MERGED_BY_NAME = new Set(['containers', 'initContainers', 'volumes', 'volumeMounts', 'env']);

// Strategic merge of a list keyed by name, as kubectl does it: the patch's
// items first (each merged into the item of that name, if any), then the
// items the patch does not name, in their order.
function mergeByName(target, patch, where) {
  if (!Array.isArray(target)) throw new Error(`${where}: the target is not a list`);
  const out = [];
  for (const item of patch) {
    if (!isMap(item) || typeof item.name !== 'string') {
      throw new Error(`${where}: every patched item needs a name`);
    }
    const existing = target.find((t) => t.name === item.name);
    const merged = existing ? structuredClone(existing) : {};
    mergeMaps(merged, item, `${where}[${item.name}]`);
    out.push(merged);
  }
  for (const t of target) {
    if (!patch.some((item) => item.name === t.name)) out.push(t);
  }
  return out;
}

// Strategic merge of maps: a key set to null is removed; lists merge by name
// where the API does (MERGED_BY_NAME) and are refused elsewhere.
function mergeMaps(target, patch, where) {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete target[key];
    } else if (Array.isArray(value)) {
      if (!MERGED_BY_NAME.has(key)) {
        throw new Error(`${where}.${key}: patches of this list are not supported here`);
      }
      target[key] = mergeByName(target[key] ?? [], value, `${where}.${key}`);
    } else if (isMap(value)) {
      if (!isMap(target[key])) target[key] = {};
      mergeMaps(target[key], value, `${where}.${key}`);
    } else {
      target[key] = value;
    }
  }
}

export function render(dir) {
  dir = path.resolve(dir);
  const file = KUSTOMIZATION_FILES.map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!file) throw new Error(`${dir}: no kustomization`);
  const [k] = readDocuments(file);
  for (const key of Object.keys(k)) {
    if (!SUPPORTED_KEYS.has(key)) throw new Error(`${file}: '${key}' is not supported by this renderer`);
  }
  if (k.kind !== undefined && k.kind !== 'Kustomization') throw new Error(`${file}: kind ${k.kind}`);

  const out = [];
  const ids = new Set();
  const add = (o, from) => {
    const id = resourceId(o);
    if (ids.has(id)) throw new Error(`${from}: ${id} is defined twice`);
    ids.add(id);
    out.push(o);
  };
  for (const entry of k.resources ?? []) {
    const target = path.resolve(dir, entry);
    if (!fs.existsSync(target)) throw new Error(`${file}: resource ${entry} does not exist`);
    if (fs.statSync(target).isDirectory()) {
      for (const o of render(target)) add(o, target);
    } else {
      for (const o of readDocuments(target)) add(o, target);
    }
  }
  for (const p of k.patches ?? []) {
    const extra = Object.keys(p).filter((key) => key !== 'path');
    if (extra.length > 0) throw new Error(`${file}: patch field '${extra[0]}' is not supported here`);
    const patchFile = path.resolve(dir, p.path);
    for (const patch of readDocuments(patchFile)) {
      const match = out.filter(
        (o) => o.kind === patch.kind && o.apiVersion === patch.apiVersion &&
          o.metadata?.name === patch.metadata?.name &&
          (o.metadata?.namespace ?? '') === (patch.metadata?.namespace ?? ''));
      if (match.length !== 1) {
        throw new Error(`${patchFile}: patch matches ${match.length} resources, not 1`);
      }
      const { apiVersion, kind, metadata, ...body } = patch;
      const { name, namespace, ...metadataBody } = metadata ?? {};
      mergeMaps(match[0], { ...body, metadata: metadataBody }, patchFile);
    }
  }
  for (const r of k.replicas ?? []) {
    const match = out.filter((o) => SCALABLE_KINDS.has(o.kind) && o.metadata?.name === r.name);
    if (match.length === 0) throw new Error(`${file}: replicas: no workload named ${r.name}`);
    for (const o of match) {
      o.spec = o.spec ?? {};
      o.spec.replicas = r.count;
    }
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const dirs = args.filter((a) => a !== '--json');
  if (dirs.length !== 1) {
    process.stderr.write('usage: node kustomize.mjs DIR [--json]\n');
    process.exit(2);
  }
  try {
    const docs = render(dirs[0]);
    process.stdout.write(json ? JSON.stringify(docs, null, 2) + '\n'
      : docs.map((d) => YAML.stringify(d)).join('---\n'));
  } catch (e) {
    process.stderr.write(`kustomize.mjs: ${e.message}\n`);
    process.exit(1);
  }
}
