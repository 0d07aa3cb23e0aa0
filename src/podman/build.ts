// Builds an image through the socket (POST /libpod/build with the context as a tar) and reads
// the build stream. A failed build still answers HTTP 200: the failure is an `error` line in
// the stream, so it is read here and turned into a BuildError that names the failing step.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { PodmanClient } from './client';
import { readIgnoreRules, packContext } from './buildContext';
import { PodmanError } from './errors';

export interface BuildSecret {
  id: string;
  /** A file on this machine; it travels inside the context tar, never into the image. */
  src: string;
}

export interface BuildOptions {
  contextDir: string;
  /** Absolute path of the Containerfile (may be outside the context). */
  containerfile: string;
  tags?: string[];
  buildArgs?: Record<string, string>;
  target?: string;
  platform?: string;
  noCache?: boolean;
  secrets?: BuildSecret[];
  signal?: AbortSignal;
  onOutput?(text: string): void;
  onStep?(step: BuildStep): void;
}

export interface BuildStep {
  /** 1-based stage, when the build has several ("[2/3] STEP ..."). */
  stage?: number;
  stages?: number;
  step: number;
  steps: number;
  instruction: string;
}

export class BuildError extends PodmanError {
  constructor(
    message: string,
    readonly step: BuildStep | undefined,
  ) {
    super('server', message);
    this.name = 'BuildError';
  }
}

const STEP_RE = /^(?:\[(\d+)\/(\d+)\]\s+)?STEP (\d+)(?:\/(\d+))?: (.*)$/;

export function parseStepLine(line: string): BuildStep | undefined {
  const m = STEP_RE.exec(line.trim());
  if (!m) return undefined;
  return {
    ...(m[1] ? { stage: Number(m[1]), stages: Number(m[2]) } : {}),
    step: Number(m[3]),
    steps: Number(m[4] ?? m[3]),
    instruction: m[5],
  };
}

/**
 * The 0-based line of the instruction a step names: steps count the instructions of one
 * stage (FROM is step 1), stages count FROM lines. Comments, blank lines, continuation lines
 * and heredoc bodies are not instructions.
 */
export function lineOfStep(containerfileText: string, step: BuildStep): number | undefined {
  const starts = instructionStarts(containerfileText);
  const stageIndex = (step.stage ?? 1) - 1;
  const froms = starts.filter((s) => s.keyword === 'FROM');
  let stageStart = 0;
  if (step.stage !== undefined) {
    const from = froms[stageIndex];
    if (!from) return undefined;
    stageStart = starts.indexOf(from);
  } else if (froms.length > 1) {
    // Single numbering across stages (older Buildah): count from the top.
    return starts[step.step - 1]?.line;
  }
  return starts[stageStart + step.step - 1]?.line;
}

export function instructionStarts(text: string): { line: number; keyword: string }[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: { line: number; keyword: string }[] = [];
  let continuing = false;
  const heredoc: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (heredoc.length) {
      if (l.replace(/^\t+/, '') === heredoc[0]) heredoc.shift();
      continue;
    }
    const t = l.trim();
    if (continuing) {
      if (t.startsWith('#')) continue;
      continuing = /\\\s*$/.test(l);
      continue;
    }
    if (!t || t.startsWith('#')) continue;
    const m = /^([A-Za-z]+)\b/.exec(t);
    if (!m) continue;
    out.push({ line: i, keyword: m[1].toUpperCase() });
    for (const h of t.matchAll(/<<-?(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/g)) heredoc.push(h[2]);
    continuing = /\\\s*$/.test(l);
  }
  return out;
}

/** Runs a build; resolves with the image id, rejects with a BuildError on a failed step. */
export async function buildImage(
  client: PodmanClient,
  options: BuildOptions,
): Promise<{ imageId: string; files: number; bytes: number }> {
  const prepared = await prepareContext(options);
  const { rules } = await readIgnoreRules(prepared.contextDir, prepared.containerfile);
  const packed = packContext(prepared.contextDir, {
    rules,
    alwaysInclude: prepared.inside ? [prepared.dockerfileParam] : [],
    extra: prepared.extra,
    signal: options.signal,
  });
  let response: Readable;
  try {
    response = (await client.libpod('POST', '/build', {
      query: buildQuery(options, prepared.dockerfileParam, prepared.secretSpecs),
      file: packed.stream as unknown as Readable,
      stream: true,
      signal: options.signal,
      headers: { 'Content-Type': 'application/x-tar' },
    })) as Readable;
  } catch (e) {
    packed.stream.destroy();
    throw e;
  }
  const counts = await packed.done.catch((e) => {
    throw new PodmanError('server', `Packing the build context failed: ${(e as Error).message}`);
  });
  const outcome = await readBuildOutput(response, options);
  if (outcome.error) throw new BuildError(outcome.error.trim(), outcome.lastStep);
  if (!outcome.imageId) throw new BuildError('The build ended without an image id.', outcome.lastStep);
  return { imageId: outcome.imageId, ...counts };
}

/**
 * The context folder and the Containerfile checked, and the extra files the context tar carries:
 * the Containerfile when it lies outside the context, and each secret file (at the top of the
 * context: Podman moves the file out of the context before building).
 */
async function prepareContext(options: BuildOptions): Promise<{
  contextDir: string;
  containerfile: string;
  inside: boolean;
  dockerfileParam: string;
  extra: Record<string, Buffer>;
  secretSpecs: string[];
}> {
  const contextDir = path.resolve(options.contextDir);
  const containerfile = path.resolve(options.containerfile);
  const stat = await fs.promises.stat(contextDir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new PodmanError('server', `The build context ${contextDir} is not a folder.`);
  const containerfileText = await fs.promises.readFile(containerfile).catch(() => undefined);
  if (!containerfileText) throw new PodmanError('server', `Cannot read ${containerfile}.`);
  const rel = path.relative(contextDir, containerfile);
  const inside = !rel.startsWith('..') && !path.isAbsolute(rel);
  const extra: Record<string, Buffer> = {};
  let dockerfileParam = inside ? rel.split(path.sep).join('/') : `.podman-workbench-${path.basename(containerfile)}`;
  if (!inside) extra[dockerfileParam] = containerfileText;
  const secretSpecs: string[] = [];
  for (const secret of options.secrets ?? []) {
    const content = await fs.promises.readFile(secret.src).catch(() => undefined);
    if (!content) throw new PodmanError('server', `Cannot read the secret file ${secret.src} (secret "${secret.id}").`);
    const name = `.podman-workbench-secret-${secret.id.replace(/[^A-Za-z0-9_.-]/g, '_')}-${Math.random().toString(36).slice(2, 10)}`;
    extra[name] = content;
    secretSpecs.push(`id=${secret.id},src=${name}`);
  }
  if (!inside) dockerfileParam = dockerfileParam.replace(/\\/g, '/');
  return { contextDir, containerfile, inside, dockerfileParam, extra, secretSpecs };
}

function buildQuery(options: BuildOptions, dockerfileParam: string, secretSpecs: string[]): Record<string, unknown> {
  // The output format stated (OCI, the default of the API and of the CLI): without it, Podman 4.3's
  // API builds never reuse a cached layer ("--> Using cache" never comes).
  const query: Record<string, unknown> = {
    dockerfile: dockerfileParam,
    rm: true,
    forcerm: true,
    layers: true,
    outputformat: 'application/vnd.oci.image.manifest.v1+json',
  };
  if (options.tags?.length) query.t = options.tags.length === 1 ? options.tags[0] : options.tags;
  if (options.buildArgs && Object.keys(options.buildArgs).length) query.buildargs = JSON.stringify(options.buildArgs);
  if (options.target) query.target = options.target;
  if (options.platform) query.platform = options.platform;
  if (options.noCache) query.nocache = true;
  if (secretSpecs.length) query.secrets = JSON.stringify(secretSpecs);
  return query;
}

type BuildMessage = { stream?: string; error?: string; errorDetail?: { message?: string } };

/** Reads the build's JSON lines: output and steps to the callbacks, the image id and errors kept. */
async function readBuildOutput(
  response: Readable,
  options: BuildOptions,
): Promise<{ imageId: string; error?: string; lastStep?: BuildStep }> {
  const outcome: { imageId: string; error?: string; lastStep?: BuildStep } = { imageId: '' };
  const handle = (message: BuildMessage) => {
    if (typeof message.error === 'string' || message.errorDetail) {
      const text = message.errorDetail?.message ?? message.error ?? 'build failed';
      outcome.error = (outcome.error ? `${outcome.error}\n` : '') + text;
      options.onOutput?.(`${message.error ?? message.errorDetail?.message}\n`);
      return;
    }
    if (typeof message.stream !== 'string') return;
    const text = message.stream;
    for (const line of text.split('\n')) {
      const step = parseStepLine(line);
      if (step) {
        outcome.lastStep = step;
        options.onStep?.(step);
      }
    }
    if (/^[0-9a-f]{64}\s*$/.test(text.trim())) outcome.imageId = text.trim();
    options.onOutput?.(text);
  };
  let partial = '';
  await new Promise<void>((resolve, reject) => {
    response.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) {
        if (!part.trim()) continue;
        try {
          handle(JSON.parse(part));
        } catch {
          options.onOutput?.(`${part}\n`);
        }
      }
    });
    response.on('end', () => {
      if (partial.trim()) {
        try {
          handle(JSON.parse(partial));
        } catch {
          /* trailing garbage */
        }
      }
      resolve();
    });
    response.on('error', (e) => reject(options.signal?.aborted ? new PodmanError('cancelled', 'Build cancelled.') : e));
    options.signal?.addEventListener('abort', () => {
      response.destroy();
      reject(new PodmanError('cancelled', 'Build cancelled.'));
    });
  });
  return outcome;
}
