// The Registries view: the registries the user works with (logged in, registries.conf, added),
// their repositories, a repository's tags, a tag's manifest (digest, platforms, size, created).
// A registry that cannot be browsed shows why as a node, not as a pop-up.
import * as vscode from 'vscode';
import type { ManifestInfo } from '../podman/distribution';
import { PodmanError } from '../podman/errors';
import { type RegistryNode, tagNodes } from './nodes';
import type { RegistryService } from './service';

export type { RegistryNode } from './nodes';

export const REGISTRY_CTX = {
  registry: 'podman.registry',
  registryLoggedIn: 'podman.registry.loggedIn',
  repository: 'podman.registryRepository',
  tag: 'podman.registryTag',
} as const;

const SOURCE_LABELS: Record<string, string> = {
  login: 'logged in',
  'auth-file': "in Podman's auth file",
  search: 'unqualified-search',
  insecure: 'insecure',
  added: 'added',
};

function sizeText(bytes?: number): string {
  if (bytes === undefined) return '?';
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

/** The manifest of a tag as detail nodes. */
export function manifestNodes(id: string, m: ManifestInfo): RegistryNode[] {
  const platforms = m.platforms.map((p) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`);
  return [
    { kind: 'detail', id: `${id}/digest`, label: vscode.l10n.t('Digest'), description: m.digest, icon: 'symbol-key' },
    {
      kind: 'detail',
      id: `${id}/platforms`,
      label: vscode.l10n.t('Platforms'),
      description: platforms.join(', ') || '?',
      icon: 'device-desktop',
    },
    { kind: 'detail', id: `${id}/size`, label: vscode.l10n.t('Size'), description: sizeText(m.size), icon: 'database' },
    {
      kind: 'detail',
      id: `${id}/created`,
      label: vscode.l10n.t('Created'),
      description: m.created ?? '?',
      icon: 'calendar',
    },
  ];
}

export class RegistriesTree implements vscode.TreeDataProvider<RegistryNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RegistryNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly service: RegistryService) {
    this.sub = service.onDidChange(() => this.refresh());
  }

  refresh(node?: RegistryNode): void {
    this.emitter.fire(node);
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }

  getTreeItem(n: RegistryNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const none = vscode.TreeItemCollapsibleState.None;
    switch (n.kind) {
      case 'registry': {
        const item = new vscode.TreeItem(n.known.registry, collapsed);
        const loggedIn = n.known.sources.includes('login') || n.known.sources.includes('auth-file');
        item.description = [n.known.username, ...n.known.sources.map((s) => SOURCE_LABELS[s])]
          .filter(Boolean)
          .join(' · ');
        item.iconPath = new vscode.ThemeIcon(loggedIn ? 'account' : 'server');
        item.contextValue = loggedIn ? REGISTRY_CTX.registryLoggedIn : REGISTRY_CTX.registry;
        return Object.assign(item, { id: n.id });
      }
      case 'repository':
        return Object.assign(new vscode.TreeItem(n.repository, collapsed), {
          id: n.id,
          iconPath: new vscode.ThemeIcon('repo'),
          contextValue: REGISTRY_CTX.repository,
        });
      case 'tag':
        return Object.assign(new vscode.TreeItem(n.tag, collapsed), {
          id: n.id,
          description: `${n.registry}/${n.repository}:${n.tag}`,
          iconPath: new vscode.ThemeIcon('tag'),
          contextValue: REGISTRY_CTX.tag,
        });
      case 'detail':
        return Object.assign(new vscode.TreeItem(n.label, none), {
          id: n.id,
          description: n.description,
          tooltip: n.description,
          iconPath: new vscode.ThemeIcon(n.icon),
        });
      case 'message':
        return Object.assign(new vscode.TreeItem(n.label, none), {
          id: n.id,
          tooltip: n.tooltip,
          iconPath: new vscode.ThemeIcon(n.error ? 'warning' : 'info'),
          command:
            n.error && n.registry
              ? { command: 'podman.registry.login', title: 'Log In', arguments: [n.registry] }
              : undefined,
        });
    }
  }

  async getChildren(n?: RegistryNode): Promise<RegistryNode[]> {
    try {
      return await this.children(n);
    } catch (e) {
      const registry =
        n && 'registry' in n ? (n.registry as string) : n?.kind === 'registry' ? n.known.registry : undefined;
      const err = e as PodmanError;
      const unauthorized = err instanceof PodmanError && /401|unauthorized/i.test(err.message);
      return [
        {
          kind: 'message',
          id: `${n?.id ?? 'root'}/error`,
          label: err.message,
          tooltip: [err.message, err.fix].filter(Boolean).join('\n\n'),
          error: true,
          registry: unauthorized ? registry : undefined,
        },
      ];
    }
  }

  private async children(n?: RegistryNode): Promise<RegistryNode[]> {
    if (!n) {
      return (await this.service.known()).map((known) => ({
        kind: 'registry',
        id: `registry:${known.registry}`,
        known,
      }));
    }
    if (n.kind === 'registry') {
      const registry = n.known.registry;
      const repos = await (await this.service.client(registry)).catalog();
      if (!repos.length) {
        return [
          { kind: 'message', id: `${n.id}/empty`, label: vscode.l10n.t('No repositories'), tooltip: '', error: false },
        ];
      }
      return repos.map((repository) => ({ kind: 'repository', id: `${n.id}/${repository}`, registry, repository }));
    }
    if (n.kind === 'repository') {
      const tags = await (await this.service.client(n.registry)).tags(n.repository);
      return tagNodes(n.id, n.registry, n.repository, tags);
    }
    if (n.kind === 'tag') {
      const manifest = await (await this.service.client(n.registry)).manifest(n.repository, n.tag);
      return manifestNodes(n.id, manifest);
    }
    return [];
  }
}
