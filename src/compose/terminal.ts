// The terminal a compose operation runs in (a CustomExecution task): progress per service as it
// happens, warnings and errors with their file positions, and Cancel (closing it) aborting the
// run, which then says what it had created.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { TaskTerminal } from '../util/taskTerminal';
import {
  ComposeError,
  type ComposeReporter,
  composeUp,
  downProject,
  restartProject,
  startProject,
  stopProject,
  where,
} from './engine';
import { buildService, pullImage, serviceImage } from './engine';
import { hasErrors, selectServices, stopOrder, type ComposeIssue } from './model';
import type { ComposeTarget } from './target';

export type ComposeVerb = 'up' | 'down' | 'start' | 'stop' | 'restart' | 'pull' | 'build';

export interface ComposeRunOptions {
  verb: ComposeVerb;
  services?: string[];
  profiles?: string[];
  /** Up: build images before starting (always), or only when missing (default). */
  build?: boolean;
  /** Down: also remove named volumes; images: all or those built for the project. */
  volumes?: boolean;
  images?: 'all' | 'local';
}

const color = (code: number, text: string) => `\x1b[${code}m${text}\x1b[0m`;

export class ComposeTerminal extends TaskTerminal {
  constructor(
    private readonly wb: WorkbenchContext,
    private readonly target: ComposeTarget,
    private readonly o: ComposeRunOptions,
  ) {
    super();
  }

  private readonly reporter: ComposeReporter = {
    service: (name, state) => this.line(`${color(36, name.padEnd(16))} ${state}`),
    warning: (issue: ComposeIssue) => this.line(color(33, `warning: ${issue.message} ${where(issue.range)}`.trim())),
    output: (name, text) =>
      this.write(
        text
          .split(/\r?\n/)
          .filter(Boolean)
          .map((l) => `${color(2, `${name} |`)} ${l}\n`)
          .join(''),
      ),
  };

  protected async run(): Promise<number> {
    const what = `compose ${this.o.verb} ${this.target.name}`;
    const started = Date.now();
    this.wb.log.info(`${what}: started`);
    const code = await this.runVerb().catch((e: unknown) => {
      if (e instanceof ComposeError) {
        for (const i of e.o.issues?.filter((x) => x.severity === 'error') ?? []) {
          this.line(color(31, `${i.message} ${where(i.range)}`));
        }
        this.line(color(31, e.message));
      } else this.line(color(31, e instanceof Error ? e.message : String(e)));
      return 1;
    });
    this.wb.log.info(`${what}: ended with ${code} after ${Date.now() - started} ms`);
    return code;
  }

  private async runVerb(): Promise<number> {
    const client = this.wb.connections.active?.client;
    if (!client) {
      this.line(vscode.l10n.t('No Podman connection is active.'));
      return 1;
    }
    const { verb } = this.o;
    const name = this.target.name;
    const opts = { services: this.o.services, order: this.target.project && stopOrder(this.target.project, []) };
    this.line(vscode.l10n.t('Compose {0}: project {1}', verb, name));
    if (verb === 'down') {
      const r = await downProject(client, name, { ...opts, volumes: this.o.volumes, images: this.o.images });
      const gone = [...r.containers, ...r.pods.map((p) => `pod ${p}`), ...r.networks.map((n) => `network ${n}`)];
      for (const v of [...r.volumes.map((x) => `volume ${x}`), ...r.images.map((x) => `image ${x}`)]) gone.push(v);
      this.line(gone.length ? vscode.l10n.t('Removed: {0}', gone.join(', ')) : vscode.l10n.t('Nothing to remove.'));
      return 0;
    }
    if (verb === 'stop' || verb === 'start' || verb === 'restart') {
      const fn = { stop: stopProject, start: startProject, restart: restartProject }[verb];
      const names = await fn(client, name, opts as never);
      this.line(names.length ? `${verb}: ${names.join(', ')}` : vscode.l10n.t('Nothing to {0}.', verb));
      return 0;
    }
    const project = this.target.project;
    if (!project) {
      this.line(vscode.l10n.t('The compose files of {0} are not known or not on disk: open its compose file.', name));
      return 1;
    }
    if (verb === 'up') {
      const r = await composeUp(client, project, {
        services: this.o.services,
        profiles: this.o.profiles,
        build: this.o.build ? 'always' : 'missing',
        pod: vscode.workspace.getConfiguration('podman.compose').get<boolean>('pod', false),
        signal: this.abort.signal,
        reporter: this.reporter,
      });
      this.line(vscode.l10n.t('Up: {0} created, {1} unchanged.', r.created.length, r.unchanged.length));
      return 0;
    }
    if (hasErrors(project)) {
      throw new ComposeError(project.issues.find((i) => i.severity === 'error')?.message ?? '', {
        issues: project.issues,
      });
    }
    for (const s of selectServices(project, { services: this.o.services, profiles: this.o.profiles })) {
      const service = project.services[s];
      const image = serviceImage(project, service);
      if (verb === 'build' && service.build) {
        this.reporter.service?.(s, 'building');
        await buildService(client, project, service, image, {
          signal: this.abort.signal,
          onOutput: (t) => this.reporter.output?.(s, t),
        });
        this.reporter.service?.(s, 'built');
      } else if (verb === 'pull' && service.image) {
        this.reporter.service?.(s, `pulling ${image}`);
        await pullImage(client, image, this.abort.signal);
        this.reporter.service?.(s, 'pulled');
      }
    }
    return 0;
  }
}
