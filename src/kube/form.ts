// The play options as a quick form: a multi-select QuickPick of switches and "set…" entries,
// then one input per chosen entry. Options the connected Podman lacks are marked.
import * as vscode from 'vscode';
import { compareVersions } from '../podman/version';
import type { PlayOptions } from '../podman/kube';

interface Entry extends vscode.QuickPickItem {
  key:
    'start' | 'build' | 'publishAll' | 'networks' | 'configmaps' | 'logDriver' | 'userns' | 'publish' | 'annotations';
  since: string;
}

const STATE_KEY = 'podman.kube.lastPlayOptions';

const annotationsText = (a: Record<string, string> | undefined) =>
  a
    ? Object.entries(a)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
    : undefined;

/** The form's entries, with the remembered values and a note on those the connected Podman lacks. */
function formEntries(saved: PlayOptions, podmanVersion: string | undefined): Entry[] {
  const entries: Entry[] = [
    {
      key: 'start',
      since: '4.0.0',
      label: vscode.l10n.t('Start the pods'),
      description: vscode.l10n.t('off: only create them'),
    },
    {
      key: 'build',
      since: '5.0.0',
      label: vscode.l10n.t('Build images'),
      description: vscode.l10n.t('from a folder named like the image, next to the file'),
    },
    {
      key: 'publishAll',
      since: '4.4.0',
      label: vscode.l10n.t('Publish every container port'),
      description: vscode.l10n.t('not only those with a hostPort'),
    },
    { key: 'publish', since: '4.2.0', label: vscode.l10n.t('Publish ports…'), description: saved.publish?.join(', ') },
    { key: 'networks', since: '4.0.0', label: vscode.l10n.t('Networks…'), description: saved.networks?.join(', ') },
    {
      key: 'configmaps',
      since: '4.0.0',
      label: vscode.l10n.t('ConfigMap files…'),
      description: vscode.l10n.t('extra files of ConfigMap documents'),
    },
    { key: 'logDriver', since: '4.0.0', label: vscode.l10n.t('Log driver…'), description: saved.logDriver },
    { key: 'userns', since: '4.4.0', label: vscode.l10n.t('User namespace…'), description: saved.userns },
    {
      key: 'annotations',
      since: '4.0.0',
      label: vscode.l10n.t('Annotations…'),
      description: annotationsText(saved.annotations),
    },
  ];
  for (const e of entries) {
    if (podmanVersion && compareVersions(podmanVersion, e.since) < 0) {
      e.detail = vscode.l10n.t(
        'Podman {0} does not know this option (needs {1}): it will not be sent.',
        podmanVersion,
        e.since,
      );
    }
  }
  return entries;
}

/** A comma-separated list; undefined on Esc. */
async function askList(prompt: string, value: string | undefined, placeHolder: string) {
  const v = await vscode.window.showInputBox({ prompt, value, placeHolder });
  return v === undefined
    ? undefined
    : v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
}

/** One word (empty: not set); undefined on Esc. */
async function askWord(prompt: string, value: string | undefined, placeHolder: string) {
  const v = await vscode.window.showInputBox({ prompt, value, placeHolder });
  return v === undefined ? undefined : v.trim();
}

/** Asks the lists of the chosen "…" entries into `o`; false when the user pressed Esc. */
async function askLists(on: Set<Entry['key']>, saved: PlayOptions, o: PlayOptions): Promise<boolean> {
  if (on.has('publish')) {
    const v = await askList(
      vscode.l10n.t('Ports to publish, comma-separated'),
      saved.publish?.join(', '),
      '127.0.0.1:8080:80, 9090:90/udp',
    );
    if (v === undefined) return false;
    o.publish = v;
  }
  if (on.has('networks')) {
    const v = await askList(
      vscode.l10n.t('Networks to join, comma-separated'),
      saved.networks?.join(', '),
      'mynet, other:ip=10.89.0.5',
    );
    if (v === undefined) return false;
    o.networks = v;
  }
  return true;
}

/** Asks the other chosen "…" entries into `o`; false when the user pressed Esc. */
async function askRest(
  on: Set<Entry['key']>,
  saved: PlayOptions,
  o: PlayOptions,
  baseDir: vscode.Uri | undefined,
): Promise<boolean> {
  if (on.has('configmaps')) {
    const files = await vscode.window.showOpenDialog({
      canSelectMany: true,
      defaultUri: baseDir,
      filters: { YAML: ['yaml', 'yml'] },
      title: vscode.l10n.t('ConfigMap files'),
    });
    if (!files) return false;
    o.configmaps = await Promise.all(
      files.map(async (f) => Buffer.from(await vscode.workspace.fs.readFile(f)).toString('utf8')),
    );
  }
  if (on.has('logDriver')) {
    const v = await askWord(
      vscode.l10n.t('Log driver for every container'),
      saved.logDriver,
      'k8s-file, journald, none, passthrough',
    );
    if (v === undefined) return false;
    if (v) o.logDriver = v;
  }
  if (on.has('userns')) {
    const v = await askWord(vscode.l10n.t('User namespace mode'), saved.userns, 'auto, keep-id, host');
    if (v === undefined) return false;
    if (v) o.userns = v;
  }
  if (on.has('annotations')) {
    const v = await askList(
      vscode.l10n.t('Annotations as key=value, comma-separated'),
      annotationsText(saved.annotations),
      'io.podman.annotations.userns=keep-id',
    );
    if (v === undefined) return false;
    o.annotations = parseAnnotations(v);
  }
  return true;
}

/** Asks the play options; undefined when the user cancels. Remembers the last answers per file. */
export async function askPlayOptions(
  memento: vscode.Memento,
  fileKey: string,
  podmanVersion: string | undefined,
  baseDir: vscode.Uri | undefined,
): Promise<PlayOptions | undefined> {
  const saved = memento.get<Record<string, PlayOptions>>(STATE_KEY, {})[fileKey] ?? { start: true };
  const picked = await vscode.window.showQuickPick(
    formEntries(saved, podmanVersion).map((e) => ({
      ...e,
      picked: e.key === 'start' ? saved.start !== false : saved[e.key] !== undefined && saved[e.key] !== false,
    })),
    {
      canPickMany: true,
      title: vscode.l10n.t('Play Kubernetes YAML: options'),
      placeHolder: vscode.l10n.t('Check what applies, then press Enter'),
    },
  );
  if (!picked) return undefined;
  const on = new Set(picked.map((p) => p.key));
  const o: PlayOptions = { start: on.has('start') };
  if (on.has('build')) o.build = true;
  if (on.has('publishAll')) o.publishAll = true;
  if (!(await askLists(on, saved, o)) || !(await askRest(on, saved, o, baseDir))) return undefined;
  const all = memento.get<Record<string, PlayOptions>>(STATE_KEY, {});
  await memento.update(STATE_KEY, { ...all, [fileKey]: { ...o, configmaps: undefined } });
  return o;
}

export function parseAnnotations(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const it of items) {
    const i = it.indexOf('=');
    if (i > 0) out[it.slice(0, i).trim()] = it.slice(i + 1).trim();
  }
  return out;
}
