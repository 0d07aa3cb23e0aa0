// Health checks: Run Health Check Now (libpod healthcheck) on a container, its result shown with
// the last runs of the log; and a CodeLens on HEALTHCHECK (Containerfile) and HealthCmd= (Quadlet)
// lines, "Run against <container>", running that exact command in the running container made
// from it (same health test, or the unit's container) and showing exit code and output inline.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import type { ContainerNode, TreeNode } from '../explorer/model/nodes';
import { containerTargets, scopeOf, type ExplorerServices } from '../explorer/commands/common';
import {
  healthCommand,
  runHealthCheck,
  runInContainer,
  type CommandResult,
  type HealthReport,
} from '../podman/monitor';
import { registerCommand, requireClient } from '../util/commands';
import {
  containerfileHealthLines,
  quadletContainerName,
  quadletHealthLines,
  sameTest,
  type HealthLine,
} from './healthLines';

export function describeHealth(name: string, r: HealthReport): string {
  const last = r.log[r.log.length - 1];
  const run = last
    ? vscode.l10n.t(
        'last run: exit {0}{1}',
        last.exitCode,
        last.output.trim() ? `, “${last.output.trim().slice(0, 200)}”` : '',
      )
    : '';
  return vscode.l10n.t(
    '{0} is {1} ({2} failing in a row){3}',
    name,
    r.status || 'without a health check',
    r.failingStreak,
    run ? `; ${run}` : '',
  );
}

/** The health log as Markdown lines for a tooltip (newest first). */
export function healthLogMarkdown(r: HealthReport): string {
  const rows = r.log
    .slice(-5)
    .reverse()
    .map(
      (x) =>
        `- ${x.start.replace('T', ' ').slice(0, 19)} exit ${x.exitCode}${
          x.output.trim()
            ? `: ${x.output
                .trim()
                .slice(0, 80)
                .replace(/[\\`*_[\]<>]/g, ' ')}`
            : ''
        }`,
    );
  return `Health: ${r.status} (${r.failingStreak} failing in a row)\n\n${rows.join('\n')}`;
}

export function registerHealth(s: ExplorerServices): HealthLens {
  const { wb } = s;
  registerCommand(wb, 'podman.container.healthcheck', async (node?: ContainerNode, nodes?: readonly TreeNode[]) => {
    const targets = await containerTargets(
      s,
      node,
      nodes,
      vscode.l10n.t('Run Health Check Now'),
      (c) => c.state === 'running',
      false,
    );
    const results: string[] = [];
    for (const c of targets) {
      const scope = scopeOf(s, c);
      const r = await runHealthCheck(scope.client, c.id);
      results.push(describeHealth(c.name, r));
      // Podman 4.3's health_status event carries the state before this run: the tree shows the result now.
      if (r.status) {
        const now = Date.now();
        scope.model.applyEvent({
          type: 'container',
          action: 'health_status',
          id: c.id,
          name: c.name,
          attributes: {},
          timeNano: BigInt(now) * 1_000_000n,
          time: Math.floor(now / 1000),
          healthStatus: r.status,
        });
      }
      if (r.status !== 'healthy') void vscode.window.showWarningMessage(describeHealth(c.name, r));
      else void vscode.window.showInformationMessage(describeHealth(c.name, r));
    }
    return results;
  });
  const lens = new HealthLens(wb);
  wb.ext.subscriptions.push(
    vscode.languages.registerCodeLensProvider(
      [{ language: 'dockerfile' }, { language: 'quadlet' }, { pattern: '**/*.container' }],
      lens,
    ),
    lens,
  );
  registerCommand(
    wb,
    'podman.healthcheck.runLine',
    (uri: vscode.Uri, line: number, id: string, name: string, argv: string[], timeoutMs: number) =>
      lens.run(uri, line, id, name, argv, timeoutMs),
  );
  return lens;
}

interface LineResult extends CommandResult {
  container: string;
}

export class HealthLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** The last result per `uri#line` (shown inline as a second lens). */
  readonly results = new Map<string, LineResult>();

  constructor(private readonly wb: WorkbenchContext) {}

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const text = doc.getText();
    const quadlet = doc.languageId === 'quadlet' || doc.fileName.endsWith('.container');
    const lines = quadlet ? quadletHealthLines(text) : containerfileHealthLines(text);
    if (!lines.length || !this.wb.connections.active) return [];
    const out: vscode.CodeLens[] = [];
    for (const h of lines) {
      const range = new vscode.Range(h.line, 0, h.line, 0);
      const targets = await this.targets(h, quadlet ? quadletContainerName(text, doc.fileName) : undefined);
      for (const t of targets) {
        out.push(
          new vscode.CodeLens(range, {
            title: vscode.l10n.t('Run against {0}', t.name),
            command: 'podman.healthcheck.runLine',
            arguments: [doc.uri, h.line, t.id, t.name, h.argv, h.timeoutMs ?? t.timeoutMs],
          }),
        );
      }
      const r = this.results.get(`${doc.uri.toString()}#${h.line}`);
      if (r) out.push(new vscode.CodeLens(range, { title: resultTitle(r), command: '' }));
    }
    return out;
  }

  /** Running containers made from this line: the same health test, or the Quadlet unit's container. */
  private async targets(
    h: HealthLine,
    unitContainer: string | undefined,
  ): Promise<{ id: string; name: string; timeoutMs: number }[]> {
    const client = this.wb.connections.active?.client;
    const store = this.wb.explorer?.model.store;
    if (!client || !store) return [];
    if (!store.loaded) await this.wb.explorer?.live.ensureLoaded();
    const running = [...store.containers.values()].filter((c) => c.state === 'running' && !c.isInfra).slice(0, 50);
    const out: { id: string; name: string; timeoutMs: number }[] = [];
    for (const c of running) {
      const check = await healthCommand(client, c.id).catch(() => undefined);
      if ((check && sameTest(check.test, h.test)) || c.name === unitContainer) {
        out.push({ id: c.id, name: c.name, timeoutMs: check?.timeoutMs ?? 30_000 });
      }
      if (out.length >= 3) break;
    }
    return out;
  }

  async run(
    uri: vscode.Uri,
    line: number,
    id: string,
    name: string,
    argv: string[],
    timeoutMs: number,
  ): Promise<LineResult> {
    const client = requireClient(this.wb);
    const r = await runInContainer(client, id, argv, timeoutMs || 30_000);
    const result = { ...r, container: name };
    this.results.set(`${uri.toString()}#${line}`, result);
    this.wb.log.info(`health command on ${name}: ${argv.join(' ')} → exit ${r.exitCode}\n${r.output}`);
    this.changed.fire();
    return result;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function resultTitle(r: LineResult): string {
  const out = r.output.replace(/\s+/g, ' ').trim();
  const text = out ? `: ${out.length > 80 ? `${out.slice(0, 80)}…` : out}` : '';
  if (r.timedOut) return vscode.l10n.t('{0}: timed out{1}', r.container, text);
  return vscode.l10n.t('{0}: exit {1}{2}', r.container, r.exitCode ?? '?', text);
}
