// The menu walk: every entry of package.json `menus.view/item/context`, run on a real node of
// every kind whose contextValue satisfies the entry's `when` (pods, containers in each state,
// images, the dangling group, volumes, networks, the compose group, Quadlet units, connections),
// with its prompts answered; each checks that the command did what it says and showed no error.
// Objects are made on the test Podman for each case and removed at the end.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { listSecretInfos, removeSecret } from '../../src/podman/secrets';
import { answering } from './answering';
import { CASES } from './menu/cases';
import * as make from './menu/fixtures';
import { EXTENSION_ID, activeClient, explorer, explorerNodes, testSocket, waitFor, workbenchApi } from './util';

interface Entry {
  command: string;
  when: string;
}

/** Entries that are not run here, with the reason. */
const NOT_WALKED: Record<string, string> = {
  'podman.container.debug':
    'attaching needs a program built with debug information and a debugger in reach: test/vscode/debug.test.ts runs "Debug…" on the Go container node taken from the Containers view',
  'podman.container.healthcheck':
    "the walk's containers have no health command: test/vscode/monitor.test.ts runs Run Health Check Now on a container node with a failing, then a passing one",
  'podman.image.pull':
    "the walk's images come from no registry: test/vscode/registries.test.ts pulls from its own registry (palette) and test/integration/registry the same through the API",
  'podman.image.push':
    'a push needs a registry to receive it: test/integration/registry pushes to a real TLS registry with login and to a plain-HTTP one',
  'podman.registry.login':
    'the Registries view lists registries only when there are some: test/vscode/registries.test.ts logs in through the prompts against a real registry',
  'podman.registry.logout': 'as podman.registry.login: it needs a registry logged into',
  'podman.registry.remove': 'as podman.registry.login: it needs a registry in the Registries view',
  'podman.registry.pullTag': 'as podman.registry.login: its nodes are tags of a real registry',
  'podman.registry.deleteTag':
    'as podman.registry.login: its nodes are tags of a real registry; test/integration/registry deletes a tag',
};

/** The view/item/context entries, one per (command, when) (inline and menu copies are one). */
function menuEntries(): Entry[] {
  const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
    contributes: { menus: Record<string, Entry[]> };
  };
  const seen = new Set<string>();
  return pkg.contributes.menus['view/item/context'].filter((e) => {
    const key = `${e.command} ${e.when}`;
    return !seen.has(key) && !!seen.add(key);
  });
}

/** Evaluates a `when` made of `view == x`, `view =~ /re/` and `viewItem =~ /re/` joined by &&. */
export function whenHolds(when: string, view: string, viewItem: string): boolean {
  return when.split('&&').every((raw) => {
    const term = raw.trim();
    let m = /^view == (\S+)$/.exec(term);
    if (m) return view === m[1];
    m = /^(view|viewItem) =~ \/(.*)\/$/.exec(term);
    if (m) return new RegExp(m[2]).test(m[1] === 'view' ? view : viewItem);
    throw new Error(`the menu walk cannot evaluate "${term}" (in ${when})`);
  });
}

interface Kind {
  name: string;
  view: string;
  contextValue: string;
  make(home: make.MenuHome): Promise<make.Made>;
}

const KINDS: Kind[] = [
  ...(['running', 'paused', 'exited', 'created'] as const).map((st) => ({
    name: `container (${st})`,
    view: 'podman.containers',
    contextValue: `podman.container.${st}`,
    make: () => make.container(st),
  })),
  {
    name: 'pod (running)',
    view: 'podman.containers',
    contextValue: 'podman.pod.running',
    make: () => make.pod('running'),
  },
  {
    name: 'pod (created)',
    view: 'podman.containers',
    contextValue: 'podman.pod.created',
    make: () => make.pod('created'),
  },
  { name: 'compose group', view: 'podman.containers', contextValue: 'podman.compose', make: () => make.composeGroup() },
  { name: 'image', view: 'podman.images', contextValue: 'podman.image', make: () => make.image(false) },
  {
    name: 'dangling image',
    view: 'podman.images',
    contextValue: 'podman.image.dangling',
    make: () => make.image(true),
  },
  {
    name: 'dangling group',
    view: 'podman.images',
    contextValue: 'podman.imageGroup.dangling',
    make: () => make.danglingGroup(),
  },
  { name: 'volume', view: 'podman.volumes', contextValue: 'podman.volume', make: () => make.volume() },
  { name: 'network', view: 'podman.networks', contextValue: 'podman.network', make: () => make.network() },
  { name: 'secret', view: 'podman.secrets', contextValue: 'podman.secret', make: () => make.secret() },
  { name: 'Quadlet unit', view: 'podman.quadlets', contextValue: 'podman.quadlet.unit', make: (h) => h.quadletUnit() },
  {
    name: 'connection (ok, not active)',
    view: 'podman.connections',
    contextValue: 'podman.connection.ok',
    make: (h) => h.connection(h.alias, 'podman.connection.ok'),
  },
  {
    name: 'connection (ok, enabled, not active)',
    view: 'podman.connections',
    contextValue: 'podman.connection.ok.enabled',
    make: async (h) => {
      await (await workbenchApi()).workbench.connections.setEnabled(h.alias, true);
      return h.connection(h.alias, 'podman.connection.ok.enabled');
    },
  },
  {
    name: 'connection (failing)',
    view: 'podman.connections',
    contextValue: 'podman.connection.error',
    make: (h) => h.connection(h.broken, 'podman.connection.error'),
  },
];

/** Commands that change or remove what they act on get a fresh node; the others share one per kind. */
const CHANGES_ITS_NODE =
  /^podman\.(container\.(start|stop|restart|pause|unpause|kill|remove)|pod\.(start|stop|restart|remove)|image\.(remove|pruneDangling)|volume\.remove|network\.remove|secret\.remove|connection\.(use|enable|disable)|compose\.(up|upSelect|down|downSelect|start|stop|restart))$/;

const PROBLEM_VIEWS = ['containers', 'images', 'volumes', 'networks'] as const;

describe('context menus, walked on real nodes', function () {
  this.timeout(90_000);
  const home = new make.MenuHome();
  const entries = menuEntries();
  const shared = new Map<Kind, Promise<make.Made>>();
  const nodeFor = (kind: Kind, command: string): Promise<make.Made> => {
    if (CHANGES_ITS_NODE.test(command)) return kind.make(home);
    if (!shared.has(kind)) shared.set(kind, kind.make(home));
    return shared.get(kind)!;
  };

  before(async () => {
    await activeClient();
    await explorer();
    await home.start();
  });

  after(async function () {
    this.timeout(120_000);
    await home.stop();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const client = await activeClient();
    const ours = (n: string) => n.includes(make.PREFIX);
    for (const c of (await client.listContainers()).filter((x) => ours(x.name) || ours(x.podName ?? ''))) {
      await client.removeContainer(c.id, { force: true }).catch(() => undefined);
    }
    for (const p of (await client.listPods()).filter((x) => ours(x.name))) {
      await client.removePod(p.id, { force: true }).catch(() => undefined);
    }
    for (const i of (await client.listImages()).filter((x) => x.repoTags.some(ours))) {
      await client.removeImage(i.id, { force: true }).catch(() => undefined);
    }
    for (const v of (await client.listVolumes()).filter((x) => ours(x.name))) await client.removeVolume(v.name);
    for (const n of (await client.listNetworks()).filter((x) => ours(x.name))) await client.removeNetwork(n.name);
    for (const x of (await listSecretInfos(client)).filter((x) => ours(x.name))) await removeSecret(client, x.id);
  });

  it('every entry is walked on some node kind, or named with the reason it is not', () => {
    const unmatched = entries.filter(
      (e) =>
        !KINDS.some((k) => whenHolds(e.when, k.view, k.contextValue)) &&
        !(e.command === 'podman.explorer.retry') &&
        !NOT_WALKED[e.command],
    );
    assert.deepEqual(unmatched, []);
    for (const e of entries) {
      if (!NOT_WALKED[e.command] && e.command !== 'podman.explorer.retry') assert.ok(CASES[e.command], e.command);
    }
  });

  for (const kind of KINDS) {
    const mine = entries.filter((e) => whenHolds(e.when, kind.view, kind.contextValue) && !NOT_WALKED[e.command]);
    if (!mine.length) {
      it(`${kind.name}: no entry applies, and the node is in its view`, async () => {
        const m = await kind.make(home);
        assert.equal(m.contextValue, kind.contextValue);
      });
    }
    for (const entry of mine) {
      it(`${entry.command} on a ${kind.name}`, async () => {
        const m = await nodeFor(kind, entry.command);
        assert.equal(m.contextValue, kind.contextValue, 'the node has the contextValue the menu matches');
        const asked = await CASES[entry.command](m);
        assert.deepEqual(asked.errors, [], 'no error notification');
      });
    }
  }
});

describe('context menus, walked: Retry on the error node', () => {
  const entries = menuEntries();

  it('podman.explorer.retry on the error node of each view brings the explorer back', async function () {
    this.timeout(120_000);
    const ex = await explorer();
    const conf = vscode.workspace.getConfiguration('podman');
    const good = testSocket();
    const dead = (view: string) => `${good}.menu-dead-${view}`;
    try {
      for (const view of PROBLEM_VIEWS) {
        const entry = entries.find(
          (e) => e.command === 'podman.explorer.retry' && whenHolds(e.when, `podman.${view}`, 'podman.problem'),
        );
        assert.ok(entry, `a Retry entry for the ${view} view`);
        await conf.update('socketPath', dead(view), vscode.ConfigurationTarget.Global);
        const problem = await waitFor(`the error node of the ${view} view`, () =>
          explorerNodes(ex, view).find((f) => f.item.contextValue === 'podman.problem'),
        );
        // The socket comes back where the setting points; Retry finds it.
        fs.symlinkSync(good, dead(view));
        const r = await answering({}, 'podman.explorer.retry', problem.node, [problem.node]);
        assert.deepEqual(r.asked.errors, [], 'no error notification');
        await waitFor(`the ${view} view back`, () => !ex.model.problem && ex.model.store.loaded, 15_000);
      }
    } finally {
      await conf.update('socketPath', good, vscode.ConfigurationTarget.Global);
      for (const view of PROBLEM_VIEWS) fs.rmSync(dead(view), { force: true });
    }
    await waitFor('recovery', () => ex.live.following && ex.model.store.loaded && !ex.model.problem, 20_000);
  });
});
