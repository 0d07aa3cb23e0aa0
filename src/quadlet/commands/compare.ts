// Side-by-side comparison of the preview with the unit Podman's real Quadlet generator writes
// (run in dry-run mode on a copy of the unit and its dependencies).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../../context';
import { registerCommand } from '../../util/commands';
import { unitDependencies } from '../deps';
import { generatorCandidates, parseDryrun, serviceNameOf } from '../systemd';
import { activeUnit, openTexts } from './common';
import { renderPreview } from './preview';

export const REAL_SCHEME = 'podman-quadlet-real';

/** Runs Podman's generator in dry-run mode on a folder of units (argument arrays, no shell). */
function runGenerator(bin: string, dir: string, rootless: boolean, argsOverride?: string[]) {
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    const args = argsOverride ?? ['-dryrun', '-no-kmsg-log', ...(rootless ? ['-user'] : [])];
    execFile(
      bin,
      args,
      { env: { ...process.env, QUADLET_UNIT_DIRS: dir }, timeout: 30_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err && !stdout) {
          reject(new Error(vscode.l10n.t("Podman's generator failed: {0}", String(stderr || err.message).trim())));
        } else resolve({ stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** The generator binary: the setting's, else the first of the usual places that exists. */
function findGenerator(): string {
  const setting = vscode.workspace.getConfiguration('podman.quadlet').get<string>('generatorPath') || undefined;
  const bin = generatorCandidates(setting).find((candidate) => fs.existsSync(candidate));
  if (bin) return bin;
  throw new Error(
    vscode.l10n.t(
      "Podman's Quadlet generator was not found (looked for {0}). Install Podman 4.4 or later, or set podman.quadlet.generatorPath.",
      generatorCandidates(setting).join(', '),
    ),
  );
}

/** Copies the unit and the units it depends on (unsaved texts included) into `tmp`. */
async function copyWithDependencies(source: vscode.Uri, tmp: string) {
  const texts = openTexts();
  const base = path.dirname(source.fsPath);
  for (const file of [source.fsPath, ...(await unitDependencies(source.fsPath))]) {
    const dest = path.join(tmp, path.relative(base, file));
    await fs.promises.mkdir(path.dirname(dest), { recursive: true });
    await fs.promises.writeFile(dest, texts.get(file) ?? (await fs.promises.readFile(file)));
  }
}

/** The real generator's unit for `source` copied into `tmp`, and the generator's version. */
async function realUnit(wb: WorkbenchContext, bin: string, source: vscode.Uri, tmp: string) {
  const rootless = wb.connections.active?.info.rootless ?? true;
  const run = await runGenerator(bin, tmp, rootless);
  const versionRun = await runGenerator(bin, tmp, false, ['-version']).catch(() => ({ stdout: '' }));
  const realVersion = /(\d+\.\d+\.\d+)/.exec(versionRun.stdout)?.[1];
  const units = parseDryrun(run.stdout);
  const service = serviceNameOf(path.basename(source.fsPath));
  const realText = units.has(service)
    ? units.get(service)!.replaceAll(tmp, path.dirname(source.fsPath))
    : `# Podman's generator produced no unit.\n${run.stderr
        .split('\n')
        .map((line) => `# ${line}`)
        .join('\n')}\n`;
  return { realText, realVersion };
}

export function registerCompare(wb: WorkbenchContext): void {
  const realTexts = new Map<string, string>();
  wb.ext.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(REAL_SCHEME, {
      provideTextDocumentContent: (uri) => realTexts.get(uri.toString()) ?? '',
    }),
  );
  registerCommand(wb, 'podman.quadlet.compareWithGenerator', async (uri?: vscode.Uri) => {
    const source = activeUnit(uri);
    const bin = findGenerator();
    const tmp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'pw-quadlet-'));
    try {
      await copyWithDependencies(source, tmp);
      const { realText, realVersion } = await realUnit(wb, bin, source, tmp);
      const name = path.basename(source.fsPath);
      const realUri = vscode.Uri.from({ scheme: REAL_SCHEME, path: `/${name}.service`, query: `${Date.now()}` });
      realTexts.set(realUri.toString(), `# Podman's generator (${bin})\n${realText}`);
      const oursText = await renderPreview(wb, source, realVersion);
      const oursUri = vscode.Uri.from({ scheme: REAL_SCHEME, path: `/${name}.ours.service`, query: `${Date.now()}` });
      realTexts.set(oursUri.toString(), oursText);
      const title = vscode.l10n.t('{0}: Podman Workbench ↔ Podman {1} generator', name, realVersion ?? '');
      await vscode.commands.executeCommand('vscode.diff', oursUri, realUri, title);
      return { ours: oursText, real: realText, realVersion };
    } finally {
      await fs.promises.rm(tmp, { recursive: true, force: true });
    }
  });
}
