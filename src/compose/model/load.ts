// Loading a compose project: the files (given, or found in the folder with their override), the
// environment (host over the project's .env), each file read and interpolated, relative paths
// resolved, the files merged, `include` and `extends` applied, env_file read, then normalized.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { envFileRecord, EnvFileError } from './envFile';
import { mergeExtends, mergeFiles } from './merge';
import { IssueSink, normalizeFileResources, normalizeNetworks, normalizeService, normalizeVolumes } from './normalize';
import { absolutePath, defaultComposeFiles, resolvePaths } from './paths';
import { type Positions, readSource } from './source';
import type { ComposeFileAccess, ComposeIssue, ComposeProject, ComposeService } from './types';
import { checkReferences } from './references';

type Data = Record<string, unknown>;
const isMap = (v: unknown): v is Data => !!v && typeof v === 'object' && !Array.isArray(v);

export interface LoadOptions {
  /** Compose files (-f), absolute or relative to `workingDir`; absent: found in `workingDir`. */
  files?: string[];
  /** The project folder (default: the first file's folder). */
  workingDir?: string;
  /** -p; else COMPOSE_PROJECT_NAME, `name:`, the folder name. */
  projectName?: string;
  /** The host environment (default: process.env). */
  env?: Record<string, string | undefined>;
  /** --env-file; default `<workingDir>/.env` when it exists. */
  envFiles?: string[];
  fs?: ComposeFileAccess;
}

export const nodeFileAccess: ComposeFileAccess = {
  readFile: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
  exists: (path) => existsSync(path),
  isDirectory: (path) => existsSync(path) && statSync(path).isDirectory(),
};

/** Compose's project name rule: lower case, [a-z0-9_-], starting with a letter or digit. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');
}

interface Context {
  fs: ComposeFileAccess;
  env: Record<string, string>;
  issues: ComposeIssue[];
  positions: Positions;
}

function projectEnvironment(o: LoadOptions, dir: string, fs: ComposeFileAccess, issues: ComposeIssue[]) {
  const host = Object.fromEntries(
    Object.entries(o.env ?? process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const files = o.envFiles?.map((f) => absolutePath(dir, f)) ?? [resolve(dir, '.env')];
  const fromFiles: Record<string, string> = {};
  for (const file of files) {
    const text = fs.readFile(file);
    if (text === undefined) {
      if (o.envFiles) issues.push({ severity: 'error', message: `The env file ${file} does not exist.`, file });
      continue;
    }
    try {
      Object.assign(
        fromFiles,
        envFileRecord(text, (n) => host[n] ?? fromFiles[n]),
      );
    } catch (e) {
      if (!(e instanceof EnvFileError)) throw e;
      issues.push({ severity: 'error', message: e.message, file, range: lineRange(file, e.line) });
    }
  }
  return { ...fromFiles, ...host };
}

const lineRange = (file: string, line: number) => ({ file, line, character: 0, endLine: line, endCharacter: 1000 });

/** Reads, interpolates and path-resolves files, then merges them. */
function readMerged(files: string[], base: string, ctx: Context): Data {
  const datas: Data[] = [];
  for (const file of files) {
    const text = ctx.fs.readFile(file);
    if (text === undefined) {
      ctx.issues.push({ severity: 'error', message: `The compose file ${file} does not exist.`, file });
      continue;
    }
    const source = readSource(file, text, (n) => ctx.env[n]);
    ctx.issues.push(...source.issues);
    for (const [k, v] of source.positions) ctx.positions.set(k, v);
    datas.push(resolvePaths(base, source.data));
  }
  return mergeFiles(datas);
}

/** `include:` entries: each loaded as its own project (own folder, own .env) and its resources copied. */
function applyIncludes(data: Data, base: string, ctx: Context, depth: number): void {
  const includes = Array.isArray(data.include) ? data.include : [];
  delete data.include;
  for (const [i, entry] of includes.entries()) {
    const o: Data = isMap(entry) ? entry : { path: entry };
    const paths = (Array.isArray(o.path) ? o.path : [o.path]).map((p) => absolutePath(base, String(p)));
    const dir = o.project_directory ? absolutePath(base, String(o.project_directory)) : dirname(paths[0]);
    const sink = new IssueSink(ctx.positions, ctx.issues);
    if (depth > 10) {
      sink.add('error', 'include nests more than 10 levels deep (a cycle?)', ['include', i]);
      return;
    }
    const envFiles = o.env_file ? (Array.isArray(o.env_file) ? o.env_file : [o.env_file]).map(String) : undefined;
    const env = { ...projectEnvironment({ envFiles, env: {} }, dir, ctx.fs, ctx.issues), ...ctx.env };
    const included = readMerged(paths, dir, { ...ctx, env });
    applyIncludes(included, dir, { ...ctx, env }, depth + 1);
    for (const section of ['services', 'networks', 'volumes', 'secrets', 'configs']) {
      const from = isMap(included[section]) ? included[section] : {};
      const to = (data[section] = isMap(data[section]) ? data[section] : {}) as Data;
      for (const [name, value] of Object.entries(from)) {
        if (name in to) {
          sink.add('error', `${section} "${name}" from included ${paths[0]} is already defined`, ['include', i]);
        } else to[name] = value;
      }
    }
  }
}

/** The service with its `extends` chain merged in (the base first); cycles are errors. */
function resolveExtends(name: string, services: Data, ctx: Context, seen: string[] = []): Data {
  const service = services[name] as Data;
  if (!isMap(service.extends) && typeof service.extends !== 'string') return service;
  const ext = typeof service.extends === 'string' ? { service: service.extends } : (service.extends as Data);
  const sink = new IssueSink(ctx.positions, ctx.issues);
  const at = ['services', name, 'extends'];
  const baseName = String(ext.service);
  const key = `${ext.file ?? ''}#${baseName}`;
  if (seen.includes(key)) {
    sink.add('error', `extends makes a cycle: ${[...seen, key].map((k) => k.split('#')[1]).join(' → ')}`, at);
    return { ...service, extends: undefined };
  }
  let pool = services;
  if (typeof ext.file === 'string') {
    const data = readMerged([ext.file], dirname(ext.file), ctx);
    pool = isMap(data.services) ? data.services : {};
  }
  if (!isMap(pool[baseName])) {
    sink.add('error', `extends: no service "${baseName}"${ext.file ? ` in ${ext.file}` : ''}`, at);
    const { extends: _drop, ...rest } = service;
    return rest;
  }
  const base = resolveExtends(baseName, pool, ctx, [...seen, key]);
  const { extends: _drop, ...own } = service;
  const { extends: _baseDrop, ...baseOwn } = base;
  return mergeExtends(baseOwn, own, name);
}

/** env_file contents under `environment`; `KEY` without a value takes the project environment's. */
function serviceEnvironment(name: string, s: Data, ctx: Context): Data {
  const env: Record<string, string> = {};
  const sink = new IssueSink(ctx.positions, ctx.issues);
  const files = s.env_file === undefined ? [] : Array.isArray(s.env_file) ? s.env_file : [s.env_file];
  for (const [i, f] of files.entries()) {
    const path = isMap(f) ? String(f.path) : String(f);
    const required = !isMap(f) || f.required !== false;
    const text = ctx.fs.readFile(path);
    if (text === undefined) {
      if (required) sink.add('error', `The env_file ${path} does not exist.`, ['services', name, 'env_file', i]);
      continue;
    }
    try {
      Object.assign(
        env,
        envFileRecord(text, (n) => ctx.env[n]),
      );
    } catch (e) {
      if (!(e instanceof EnvFileError)) throw e;
      ctx.issues.push({
        severity: 'error',
        message: `${path}: ${e.message}`,
        file: path,
        range: lineRange(path, e.line),
      });
    }
  }
  const own = isMap(s.environment) ? s.environment : {};
  for (const [k, v] of Object.entries(own)) {
    if (v !== null && v !== undefined) env[k] = String(v);
    else if (ctx.env[k] !== undefined) env[k] = ctx.env[k];
  }
  const { env_file: _drop, ...rest } = s;
  return { ...rest, environment: env };
}

/** A top-level section's entries as mappings (an entry written empty is `{}`). */
const rawSection = (section: unknown): Record<string, Data> =>
  Object.fromEntries(Object.entries(isMap(section) ? section : {}).map(([k, v]) => [k, isMap(v) ? v : {}]));

function projectFiles(o: LoadOptions, fs: ComposeFileAccess): { files: string[]; dir: string } {
  const cwd = o.workingDir ? resolve(o.workingDir) : process.cwd();
  const files = o.files?.length ? o.files.map((f) => absolutePath(cwd, f)) : defaultComposeFiles(cwd, fs);
  return { files, dir: o.workingDir ? cwd : files[0] ? dirname(files[0]) : cwd };
}

/**
 * Loads a compose project. Never throws for bad input: problems are `issues` (with positions);
 * a project with an issue of severity "error" must not be run.
 */
export function loadProject(o: LoadOptions = {}): ComposeProject {
  const fs = o.fs ?? nodeFileAccess;
  const issues: ComposeIssue[] = [];
  const { files, dir } = projectFiles(o, fs);
  if (!files.length) {
    issues.push({ severity: 'error', message: `No compose file in ${dir} (compose.yaml, docker-compose.yml, …).` });
  }
  const env = projectEnvironment(o, dir, fs, issues);
  const ctx: Context = { fs, env, issues, positions: new Map() };
  const data = readMerged(files, dir, ctx);
  applyIncludes(data, dir, ctx, 0);
  const rawName = o.projectName ?? env.COMPOSE_PROJECT_NAME ?? (data.name ? String(data.name) : basename(dir));
  const name = normalizeProjectName(rawName);
  if (!name) {
    issues.push({ severity: 'error', message: `"${rawName}" is not a usable project name (a-z, 0-9, _ and -).` });
  }
  const rawServices = isMap(data.services) ? data.services : {};
  const sink = new IssueSink(ctx.positions, issues);
  const services: Record<string, ComposeService> = {};
  for (const serviceName of Object.keys(rawServices)) {
    if (!isMap(rawServices[serviceName])) {
      sink.add('error', `The service "${serviceName}" must be a mapping.`, ['services', serviceName]);
      continue;
    }
    const merged = serviceEnvironment(serviceName, resolveExtends(serviceName, rawServices, ctx), ctx);
    services[serviceName] = normalizeService(serviceName, merged, sink);
  }
  const networks = normalizeNetworks(name, data.networks);
  networks.default ??= normalizeNetworks(name, { default: {} }).default;
  const project: ComposeProject = {
    name,
    workingDir: dir,
    files,
    services,
    networks,
    volumes: normalizeVolumes(name, data.volumes),
    secrets: normalizeFileResources(name, data.secrets),
    configs: normalizeFileResources(name, data.configs),
    sections: {
      networks: rawSection(data.networks),
      volumes: rawSection(data.volumes),
      secrets: rawSection(data.secrets),
      configs: rawSection(data.configs),
    },
    environment: env,
    positions: ctx.positions,
    issues,
  };
  checkReferences(project, sink);
  return project;
}

/** Whether the project has an error (and so must not be run). */
export const hasErrors = (p: { issues: ComposeIssue[] }): boolean => p.issues.some((i) => i.severity === 'error');
