// Offline validation of Kubernetes objects against the OpenAPI schemas that
// the npm package kubernetes-models bundles (and, for custom resources,
// @kubernetes-models/cert-manager and @kubernetes-models/prometheus-operator):
// its validators (types,
// required fields, enums, formats), plus a check they leave out: that every
// field is one the API knows (kubectl's strict field validation rejects
// unknown ones, and a misspelt field, e.g. readOnlyRootFileSystem, would
// otherwise be dropped without a word). Field lists come from the packages'
// type declarations.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './kustomize.mjs';

const modules = path.join(repoRoot, 'tools', 'node_modules');
const modelsDir = path.join(modules, 'kubernetes-models');

function declarationFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '_schemas' && entry.name !== 'node_modules') out.push(...declarationFiles(p));
    } else if (entry.name.endsWith('.d.ts')) {
      out.push(p);
    }
  }
  return out;
}

// Global type name (IIoK8s...) -> { field: type expression }.
let typeIndex = null;
function types() {
  if (typeIndex !== null) return typeIndex;
  typeIndex = new Map();
  const files = [
    ...declarationFiles(modelsDir),
    ...declarationFiles(path.join(modules, '@kubernetes-models', 'apimachinery')),
    ...Object.values(typedCrdPackages).flatMap((p) => declarationFiles(p.dir)),
  ];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const local = new Map();
    const interfaceRe = /^export interface (\w+)(?: extends [^{]*)? \{\n([\s\S]*?)^\}/gm;
    for (const [, name, body] of text.matchAll(interfaceRe)) {
      const fields = {};
      const lines = body.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const m = /^ {4}"([^"]+)"\??: (.*)$/.exec(lines[i]);
        if (!m) continue;
        let type = m[2];
        if (type === '{') {
          while (i + 1 < lines.length && !/^ {4}\};?$/.test(lines[i + 1])) type += lines[++i].trim();
          type += '}';
        }
        fields[m[1]] = type.replace(/;$/, '');
      }
      // TypeMeta: apiVersion and kind.
      if (/extends TypeMeta/.test(text.slice(text.indexOf(`interface ${name}`)).split('\n')[0])) {
        fields.apiVersion = fields.apiVersion ?? 'string';
        fields.kind = fields.kind ?? 'string';
      }
      local.set(name, fields);
    }
    for (const [, list] of text.matchAll(/^export type \{([^}]*)\}/gm)) {
      for (const pair of list.split(',')) {
        const m = /^\s*(\w+) as (\w+)\s*$/.exec(pair);
        if (m && local.has(m[1])) typeIndex.set(m[2], local.get(m[1]));
      }
    }
  }
  return typeIndex;
}

function checkFields(value, type, where, errors) {
  if (value === null || value === undefined) return;
  type = type.trim();
  const array = /^Array<(.*)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((v, i) => checkFields(v, array[1], `${where}/${i}`, errors));
    return;
  }
  const map = /^\{\[key: string\]: (.*)\}$/.exec(type);
  if (map) {
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) checkFields(v, map[1], `${where}/${k}`, errors);
    }
    return;
  }
  const fields = types().get(type);
  if (!fields || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (!(k in fields)) {
      errors.push(`${where}/${k}: unknown field`);
    } else {
      checkFields(v, fields[k], `${where}/${k}`, errors);
    }
  }
}

// Custom resources: API group -> npm package of its models (validators and
// type declarations).
const crdPackages = {
  'cert-manager.io': path.join(modules, '@kubernetes-models', 'cert-manager'),
};

// Custom resources whose models declare each nested type in a file of its
// own, as kubernetes-models does: API group -> package and the prefix of
// its global type names.
const typedCrdPackages = {
  'monitoring.coreos.com': {
    dir: path.join(modules, '@kubernetes-models', 'prometheus-operator'),
    typePrefix: 'IComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoringV1',
  },
};

// The declared fields of a custom resource, as a tree ({field: subtree},
// null for a leaf), read from the model's .d.ts, whose nested types are
// spelled inline: `"name"?: { ... }`, `Array<{ ... }>`, or a plain type.
function crdFieldTree(dtsFile, interfaceName) {
  const text = fs.readFileSync(dtsFile, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const start = text.indexOf(`export interface ${interfaceName} {`);
  if (start < 0) return null;
  let i = text.indexOf('{', start);
  function parseObject() {  // text[i] === '{'
    const fields = {};
    i++;
    while (i < text.length) {
      const rest = text.slice(i);
      const close = /^\s*\};?/.exec(rest);
      if (close) {
        i += close[0].length;
        return fields;
      }
      const m = /^\s*"([^"]+)"\??:\s*/.exec(rest);
      if (!m) {
        // A line we do not model (an index signature): skip it.
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl + 1;
        continue;
      }
      i += m[0].length;
      if (text.startsWith('Array<{', i)) {
        i += 'Array<'.length;
        fields[m[1]] = parseObject();
        i = text.indexOf('>', i) + 1;
      } else if (text[i] === '{') {
        fields[m[1]] = parseObject();
      } else {
        fields[m[1]] = null;
      }
      const end = text.indexOf(';', i);
      const nl = text.indexOf('\n', i);
      i = Math.min(end < 0 ? text.length : end + 1, nl < 0 ? text.length : nl + 1);
    }
    return fields;
  }
  return parseObject();
}

function checkTree(value, tree, where, errors) {
  if (tree === null || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, n) => checkTree(v, tree, `${where}/${n}`, errors));
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (!(k in tree)) {
      errors.push(`${where}/${k}: unknown field`);
    } else {
      checkTree(v, tree[k], `${where}/${k}`, errors);
    }
  }
}

// The model's own validation of `o` (its errors), or null when the package
// has no model for its kind.
async function validateWithModel(o, dir) {
  const file = path.join(dir, `${o.kind}.js`);
  if (!fs.existsSync(file)) return null;
  const Model = (await import(pathToFileURL(file)))[o.kind];
  try {
    new Model(o).validate();
  } catch (e) {
    return [e.message];
  }
  return [];
}

async function validateCustomResource(o, packageDir) {
  const dir = path.join(packageDir, ...o.apiVersion.split('/'));
  const errors = await validateWithModel(o, dir);
  if (errors === null) return [`no schema for ${o.apiVersion} ${o.kind}`];
  const tree = crdFieldTree(path.join(dir, `${o.kind}.d.ts`), `I${o.kind}`);
  if (tree === null) {
    errors.push(`no field list for ${o.apiVersion} ${o.kind}`);
  } else {
    const { metadata, ...rest } = o;
    checkTree(rest, tree, '', errors);
    checkFields(metadata, 'IIoK8sApimachineryPkgApisMetaV1ObjectMeta', '/metadata', errors);
  }
  return errors;
}

// The errors found in one object; empty when it is valid.
export async function validate(o) {
  if (typeof o?.apiVersion !== 'string' || typeof o?.kind !== 'string') {
    return ['object without apiVersion or kind'];
  }
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  if (crdPackages[group]) return validateCustomResource(o, crdPackages[group]);
  if (typedCrdPackages[group]) {
    const { dir, typePrefix } = typedCrdPackages[group];
    const errors = await validateWithModel(o, path.join(dir, ...o.apiVersion.split('/')));
    if (errors === null) return [`no schema for ${o.apiVersion} ${o.kind}`];
    const rootType = `${typePrefix}${o.kind}`;
    if (!types().has(rootType)) return [...errors, `no field list for ${rootType}`];
    checkFields(o, rootType, '', errors);
    return errors;
  }
  const errors = await validateWithModel(o, path.join(modelsDir, ...o.apiVersion.split('/')));
  if (errors === null) return [`no schema for ${o.apiVersion} ${o.kind}`];
  const groupVersion = o.apiVersion.includes('/') ? o.apiVersion : `core/${o.apiVersion}`;
  const rootType = `IIoK8sApi${groupVersion.split('/').map(capitalizeGroup).join('')}${o.kind}`;
  if (!types().has(rootType)) {
    errors.push(`no field list for ${rootType}`);
  } else {
    checkFields(o, rootType, '', errors);
  }
  return errors;
}

// "apps" -> "Apps", "networking.k8s.io" -> "Networking", "v1" -> "V1".
function capitalizeGroup(part) {
  const head = part.endsWith('.k8s.io') ? part.slice(0, -'.k8s.io'.length) : part;
  return head.charAt(0).toUpperCase() + head.slice(1);
}
