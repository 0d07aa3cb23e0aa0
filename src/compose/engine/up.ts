// Compose Up through the socket, one pipeline of named steps: check the project, select the
// services, warn about keys not honoured, get the images (pull or build), create networks and
// volumes (and the pod), then bring each service up once its dependencies meet their conditions,
// independent services in parallel. A container whose config hash is unchanged is kept.
import type { PodmanClient } from '../../podman/client';
import type { ContainerSummary } from '../../podman/models';
import { type ComposeProject, type ComposeService, type Selection, hasErrors, selectServices } from '../model';
import { ComposeError, type ComposeReporter, rangeOf, where } from './errors';
import {
  addressing,
  buildService,
  ensureNetworks,
  ensurePod,
  ensureVolumes,
  imageExists,
  type NetworkState,
  pullImage,
  serviceNetworkKeys,
} from './resources';
import { configHash, containerName, containerSpec, LABEL, portMappings, serviceImage } from './spec';
import { waitCondition } from './wait';
import { listProjectContainers } from './project';

export interface UpOptions extends Selection {
  /** Build images: always, never, or when the image is missing (default). */
  build?: 'always' | 'never' | 'missing';
  /** Pull images: always, never, or when missing (default; a service's pull_policy wins). */
  pull?: 'always' | 'never' | 'missing';
  /** Put the project's containers in one pod (podman.compose.pod). */
  pod?: boolean;
  forceRecreate?: boolean;
  /** Bound of each depends_on wait (default: from the healthcheck's own timing). */
  waitTimeoutMs?: number;
  signal?: AbortSignal;
  reporter?: ComposeReporter;
}

export interface UpResult {
  services: string[];
  /** Containers made by this run (created or recreated). */
  created: string[];
  /** Containers whose configuration had not changed (left as they were, started if stopped). */
  unchanged: string[];
  /** Networks, volumes, pods made by this run. */
  resources: string[];
}

const NOT_HONOURED: Record<string, string> = {
  logging: 'the container keeps Podman\u2019s log driver',
  links: 'services reach each other by name on the project network',
  security_opt: 'not applied by this engine',
};

/** A warning at the position of each key the engine does not run. */
function warnUnhonoured(project: ComposeProject, names: string[], reporter?: ComposeReporter): void {
  for (const name of names) {
    for (const key of project.services[name].otherKeys) {
      const why = NOT_HONOURED[key] ?? 'this engine does not run it';
      const path = ['services', name, key];
      reporter?.warning?.({
        severity: 'warning',
        message: `${name}: "${key}" is not honoured (${why}).`,
        path,
        range: rangeOf(project, path),
        file: rangeOf(project, path)?.file,
      });
    }
  }
}

interface Prepared {
  name: string;
  id: string;
  /** Not running yet (new, or kept but stopped). */
  start: boolean;
}

class UpRun {
  readonly created: string[] = [];
  readonly unchanged: string[] = [];
  readonly resources: string[] = [];
  readonly started: string[] = [];
  private existing = new Map<string, ContainerSummary>();
  private networks: Record<string, NetworkState> = {};
  private pod?: string;
  private readonly done = new Map<string, Promise<string[]>>();

  constructor(
    readonly client: PodmanClient,
    readonly project: ComposeProject,
    readonly names: string[],
    readonly o: UpOptions,
  ) {}

  private report(service: string, state: string) {
    this.o.reporter?.service?.(service, state);
  }

  private checkCancelled(service?: string) {
    if (this.o.signal?.aborted) throw new ComposeError('Cancelled.', { service, cancelled: true });
  }

  /** A pull's or build's failure as an error naming the service and the line of its image or build. */
  private failed(name: string, key: 'image' | 'build', what: string) {
    return (e: unknown): never => {
      if (this.o.signal?.aborted) throw e;
      const range = rangeOf(this.project, ['services', name, key]);
      const step = (e as { step?: { step: number; instruction: string } }).step;
      const at = step ? ` (STEP ${step.step}: ${step.instruction})` : '';
      const message = [what, `${(e as Error).message}${at}`].filter(Boolean).join(' failed: ');
      throw new ComposeError(`${name}: ${message} (${where(range)})`, { service: name, range, cause: e });
    };
  }

  async images(): Promise<void> {
    const pulls = new Map<string, Promise<void>>();
    for (const name of this.names) {
      const s = this.project.services[name];
      const image = serviceImage(this.project, s);
      const present = this.o.build === 'always' && s.build ? false : await imageExists(this.client, image);
      if (s.build && (this.o.build === 'always' || (!present && this.o.build !== 'never'))) {
        this.report(name, 'building');
        await buildService(this.client, this.project, s, image, {
          signal: this.o.signal,
          onOutput: (t) => this.o.reporter?.output?.(name, t),
        }).catch(this.failed(name, 'build', `Building ${image}`));
        continue;
      }
      const policy = s.pullPolicy ?? this.o.pull ?? 'missing';
      if (policy === 'always' || (!present && policy !== 'never')) {
        if (!pulls.has(image)) {
          this.report(name, 'pulling');
          pulls.set(image, pullImage(this.client, image, this.o.signal).catch(this.failed(name, 'image', '')));
        }
      } else if (!present) {
        throw new ComposeError(`The image ${image} of ${name} is not present and pulling is off.`, { service: name });
      }
    }
    await Promise.all(pulls.values());
  }

  async shared(): Promise<void> {
    const nets = [...new Set(this.names.flatMap((n) => serviceNetworkKeys(this.project.services[n])))];
    const vols = [
      ...new Set(
        this.names.flatMap((n) =>
          this.project.services[n].volumes
            .filter((v) => v.type === 'volume' && v.source)
            .map((v) => v.source as string),
        ),
      ),
    ];
    if (this.o.pod) {
      const ports = this.names.flatMap((n) => portMappings(this.project.services[n]));
      this.pod = await ensurePod(this.client, this.project, ports, this.resources);
    } else {
      this.networks = await ensureNetworks(this.client, this.project, nets, this.resources);
    }
    await ensureVolumes(this.client, this.project, vols, this.resources);
    for (const c of await listProjectContainers(this.client, this.project.name)) this.existing.set(c.name, c);
  }

  /** Brings a service up after its dependencies; resolves with its container ids. */
  service(name: string): Promise<string[]> {
    let p = this.done.get(name);
    if (!p) {
      p = this.serviceAfterDeps(name);
      this.done.set(name, p);
    }
    return p;
  }

  private async serviceAfterDeps(name: string): Promise<string[]> {
    const s = this.project.services[name];
    for (const [dep, d] of Object.entries(s.dependsOn)) {
      if (!this.names.includes(dep)) continue;
      const ids = await this.service(dep);
      if (d.condition !== 'service_started') {
        this.report(dep, d.condition === 'service_healthy' ? 'waiting to be healthy' : 'waiting to complete');
      }
      try {
        await waitCondition(this.client, this.project.services[dep], ids, d.condition, {
          timeoutMs: this.o.waitTimeoutMs,
          signal: this.o.signal,
        });
      } catch (e) {
        if (e instanceof ComposeError && !e.cancelled) {
          const range = rangeOf(this.project, ['services', name, 'depends_on', dep]);
          throw new ComposeError(`${e.message} (${name} depends on it at ${where(range)})`, { service: dep, range });
        }
        throw e;
      }
      if (d.condition === 'service_healthy') this.report(dep, 'healthy');
    }
    this.checkCancelled(name);
    const prepared = await this.prepared(name);
    await Promise.all(prepared.filter((p) => p.start).map((p) => this.start(s, p.name, p.id)));
    await this.removeExtraReplicas(s);
    return prepared.map((p) => p.id);
  }

  private readonly preparing = new Map<string, Promise<Prepared[]>>();

  /** Creates (or keeps) every container of every service at once; starting waits for dependencies. */
  prepareAll(): void {
    for (const name of this.names) this.prepared(name).catch(() => undefined);
  }

  private prepared(name: string): Promise<Prepared[]> {
    let p = this.preparing.get(name);
    if (!p) {
      const s = this.project.services[name];
      p = Promise.all(Array.from({ length: s.replicas }, (_, i) => this.container(s, i + 1)));
      this.preparing.set(name, p);
    }
    return p;
  }

  private async container(s: ComposeService, n: number): Promise<Prepared> {
    const name = containerName(this.project.name, s, n);
    const hash = configHash(s, { pod: this.pod ?? null, n });
    const existing = this.existing.get(name);
    if (existing && existing.labels[LABEL.hash] === hash && !this.o.forceRecreate) {
      this.unchanged.push(name);
      this.report(s.name, 'up to date');
      return { name, id: existing.id, start: existing.state !== 'running' };
    }
    if (existing) {
      this.report(s.name, 'recreating');
      await this.client.removeContainer(existing.id, { force: true });
    }
    const spec = containerSpec(
      {
        project: this.project,
        number: n,
        hash,
        pod: this.pod,
        addressing: this.pod ? { networks: {}, hosts: [] } : addressing(this.project, s, n, this.networks),
      },
      s,
      serviceImage(this.project, s),
    );
    try {
      const id = await this.client.createContainer(spec);
      this.created.push(name);
      this.report(s.name, 'created');
      return { name, id, start: true };
    } catch (e) {
      const range = rangeOf(this.project, ['services', s.name]);
      throw new ComposeError(`Creating ${name} failed: ${(e as Error).message} (${where(range)})`, {
        service: s.name,
        range,
        cause: e,
      });
    }
  }

  private async start(s: ComposeService, name: string, id: string): Promise<void> {
    try {
      await this.client.containerAction(id, 'start');
    } catch (e) {
      const range = rangeOf(this.project, ['services', s.name, ...(s.ports.length ? ['ports'] : [])]);
      throw new ComposeError(`Starting ${name} failed: ${(e as Error).message} (${where(range)})`, {
        service: s.name,
        range,
        cause: e,
      });
    }
    this.started.push(name);
    this.report(s.name, 'started');
  }

  private async removeExtraReplicas(s: ComposeService): Promise<void> {
    for (const c of this.existing.values()) {
      if (c.labels[LABEL.service] === s.name && Number(c.labels[LABEL.number]) > s.replicas) {
        await this.client.removeContainer(c.id, { force: true });
      }
    }
  }
}

/** Stops what a cancelled or failed run started; says what it created. */
async function afterFailure(run: UpRun, e: unknown): Promise<never> {
  const cancelled = run.o.signal?.aborted === true;
  if (cancelled) {
    await Promise.allSettled(run.started.map((n) => run.client.containerAction(n, 'stop', { timeout: 1 })));
  }
  const created = [...run.resources, ...run.created.map((c) => `container ${c}`)];
  const base = e instanceof ComposeError ? e : undefined;
  const message = cancelled ? 'Up was cancelled' : (e as Error).message;
  const tail = created.length
    ? ` Created so far: ${created.join(', ')}${cancelled ? ' (stopped; Down removes them)' : ''}.`
    : '';
  throw new ComposeError(`${message}${cancelled ? '.' : ''}${tail}`, {
    service: base?.service,
    range: base?.range,
    created,
    cancelled,
    cause: e,
  });
}

/** Compose Up. Throws ComposeError (with what it created) on a problem, the project's issues included. */
export async function composeUp(client: PodmanClient, project: ComposeProject, o: UpOptions = {}): Promise<UpResult> {
  if (hasErrors(project)) {
    const first = project.issues.find((i) => i.severity === 'error');
    throw new ComposeError(`The compose project has errors: ${first?.message} ${where(first?.range)}`.trim(), {
      issues: project.issues,
      range: first?.range,
    });
  }
  for (const w of project.issues.filter((i) => i.severity === 'warning')) o.reporter?.warning?.(w);
  const names = selectServices(project, o);
  warnUnhonoured(project, names, o.reporter);
  const run = new UpRun(client, project, names, o);
  try {
    await run.images();
    await run.shared();
    run.prepareAll();
    await Promise.all(names.map((n) => run.service(n)));
  } catch (e) {
    return afterFailure(run, e);
  }
  return { services: names, created: run.created, unchanged: run.unchanged, resources: run.resources };
}
