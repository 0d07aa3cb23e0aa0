// The objects the menu walk acts on, made fresh on the test Podman for every case (most menu
// entries change or remove what they act on), and their nodes taken from the real tree providers.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EndpointStatus } from '../../../src/connections/manager';
import { composeUp, listProjectContainers } from '../../../src/compose/engine';
import { loadProject } from '../../../src/compose/model';
import { buildRunSpec } from '../../../src/explorer/model/runSpec';
import type { ViewKind } from '../../../src/explorer/model/nodes';
import { createSecret } from '../../../src/podman/secrets';
import { QuadletsTree, type QuadletItem } from '../../../src/quadlet/view';
import { activeClient, explorer, explorerNodes, testSocket, waitFor, workbenchApi } from '../util';

export const BUSYBOX = 'localhost/pw-busybox:latest';
export const PREFIX = `pw-menu-${Date.now().toString(36)}`;
let serial = 0;
const fresh = (what: string) => `${PREFIX}-${what}${++serial}`;

/** A node taken from a real tree provider, with what the case needs to check the effect. */
export interface Made {
  node: unknown;
  contextValue: string;
  name: string;
  id: string;
  /** The port a running container publishes on 127.0.0.1. */
  port?: number;
}

/** The explorer node of `view` with this label, once its item has the expected contextValue. */
async function explorerNode(view: ViewKind, label: string, contextValue: string): Promise<{ node: unknown }> {
  const ex = await explorer();
  const now = () => explorerNodes(ex, view).find((f) => f.item.label === label);
  try {
    const ready = () => {
      const f = now();
      return f?.item.contextValue === contextValue ? f : undefined;
    };
    return await waitFor(`${label} in the ${view} view`, ready, 20_000);
  } catch (e) {
    throw new Error(`${(e as Error).message}: it is ${now()?.item.contextValue ?? 'not there'}, not ${contextValue}`);
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

export type ContainerState = 'running' | 'paused' | 'exited' | 'created';

/** A busybox container in `state` (stop_timeout 1: `sleep` as PID 1 ignores SIGTERM). */
export async function container(state: ContainerState, labels: Record<string, string> = {}): Promise<Made> {
  const client = await activeClient();
  const name = fresh('c');
  const port = state === 'running' ? await freePort() : undefined;
  const spec = buildRunSpec({
    image: BUSYBOX,
    name,
    command: ['sleep', '600'],
    labels,
    ports: port ? [{ host_ip: '127.0.0.1', host_port: port, container_port: 8080, protocol: 'tcp' }] : [],
  });
  const id = await client.createContainer({ ...spec, stop_timeout: 1 });
  if (state !== 'created') await client.containerAction(id, 'start');
  if (state === 'paused') await client.containerAction(id, 'pause');
  if (state === 'exited') await client.containerAction(id, 'kill');
  const contextValue = `podman.container.${state}`;
  const { node } = await explorerNode('containers', name, contextValue);
  return { node, contextValue, name, id, port };
}

/** A pod with one busybox container, running or created (never started). */
export async function pod(state: 'running' | 'created'): Promise<Made> {
  const client = await activeClient();
  const name = fresh('pod');
  await client.libpod('POST', '/pods/create', { body: { name } });
  const spec = buildRunSpec({ image: BUSYBOX, name: `${name}-main`, command: ['sleep', '600'] });
  await client.createContainer({ ...spec, pod: name, stop_timeout: 1 });
  if (state === 'running') await client.podAction(name, 'start');
  const contextValue = `podman.pod.${state}`;
  const { node } = await explorerNode('containers', name, contextValue);
  const id = (await client.listPods()).find((p) => p.name === name)!.id;
  return { node, contextValue, name, id };
}

/** A compose project's group (a running container labelled with the project). */
/**
 * A compose group: a two-service project (a and b, b depending on a) written to a compose file
 * and brought up by the compose engine, so the group's labels name its file. `id` is a's container.
 */
export async function composeGroup(): Promise<Made> {
  const project = fresh('proj');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-menu-compose-'));
  const svc = `{image: ${BUSYBOX}, command: [sleep, "600"], stop_signal: SIGKILL}`;
  const b = `{image: ${BUSYBOX}, command: [sleep, "600"], stop_signal: SIGKILL, depends_on: [a]}`;
  fs.writeFileSync(path.join(dir, 'compose.yaml'), `name: ${project}\nservices:\n  a: ${svc}\n  b: ${b}\n`);
  const client = await activeClient();
  await composeUp(client, loadProject({ workingDir: dir, env: {} }));
  const a = (await listProjectContainers(client, project)).find((c) => c.name === `${project}-a-1`);
  const { node } = await explorerNode('containers', project, 'podman.compose');
  return { node, contextValue: 'podman.compose', name: project, id: a?.id ?? '' };
}

/** A new image of its own (a commit of a busybox container), tagged or dangling (no tag). */
export async function image(dangling: boolean): Promise<Made> {
  const client = await activeClient();
  const name = fresh('img');
  const base = await client.createContainer(buildRunSpec({ image: BUSYBOX, env: { PW_MENU: name } }));
  const query = dangling ? { container: base } : { container: base, repo: `localhost/${name}`, tag: 'menu' };
  const { Id: id } = (await client.libpod('POST', '/commit', { query })) as { Id: string };
  await client.removeContainer(base, { force: true });
  const label = dangling ? `<none> ${id.slice(0, 12)}` : `localhost/${name}:menu`;
  const contextValue = dangling ? 'podman.image.dangling' : 'podman.image';
  const ex = await explorer();
  ex.model.store.refreshList('images'); // 4.3 sends no event for a commit's image
  const { node } = await explorerNode('images', label, contextValue);
  return { node, contextValue, name: label, id };
}

/** The Dangling group of the Images view, with a dangling image of ours in it. */
export async function danglingGroup(): Promise<Made> {
  const inside = await image(true);
  const ex = await explorer();
  const found = await waitFor('the Dangling group', () =>
    explorerNodes(ex, 'images').find((f) => f.item.contextValue === 'podman.imageGroup.dangling'),
  );
  return { node: found.node, contextValue: 'podman.imageGroup.dangling', name: 'Dangling', id: inside.id };
}

export async function volume(): Promise<Made> {
  const client = await activeClient();
  const name = fresh('vol');
  await client.createVolume(name);
  const { node } = await explorerNode('volumes', name, 'podman.volume');
  return { node, contextValue: 'podman.volume', name, id: name };
}

export async function network(): Promise<Made> {
  const client = await activeClient();
  const name = fresh('net');
  await client.createNetwork(name);
  const ex = await explorer();
  ex.model.store.refreshList('networks'); // 4.3 emits no network events
  const { node } = await explorerNode('networks', name, 'podman.network');
  return { node, contextValue: 'podman.network', name, id: name };
}

/** A secret of the test Podman, its node taken from the Secrets view's provider. */
export async function secret(): Promise<Made> {
  const client = await activeClient();
  const name = fresh('secret');
  const id = await createSecret(client, name, Buffer.from(`menu-${name}`));
  const tree = (await workbenchApi()).workbench.secrets!.tree;
  tree.refresh();
  const found = await waitFor(`${name} in the Secrets view`, async () =>
    (await tree.getChildren()).find((n) => tree.getTreeItem(n).label === name),
  );
  return { node: found, contextValue: String(tree.getTreeItem(found).contextValue), name, id };
}

/**
 * A private XDG_CONFIG_HOME for the walk: the user's Quadlet folder, and Podman system
 * connections to two more endpoints, `alias` (a second path to the test socket) and `broken`
 * (a socket that exists and hangs up on every request).
 */
export class MenuHome {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-menu-home-'));
  readonly alias = path.join(this.dir, 'alias.sock');
  readonly broken = path.join(this.dir, 'broken.sock');
  private server?: net.Server;
  private saved = process.env.XDG_CONFIG_HOME;

  async start(): Promise<void> {
    fs.symlinkSync(testSocket(), this.alias);
    this.server = net.createServer((s) => s.destroy());
    await new Promise<void>((resolve) => this.server!.listen(this.broken, resolve));
    fs.mkdirSync(path.join(this.dir, 'containers', 'systemd'), { recursive: true });
    const connections = {
      Connection: {
        Default: '',
        Connections: { alias: { URI: `unix://${this.alias}` }, broken: { URI: `unix://${this.broken}` } },
      },
    };
    fs.writeFileSync(path.join(this.dir, 'containers', 'podman-connections.json'), JSON.stringify(connections));
    process.env.XDG_CONFIG_HOME = this.dir;
    await (await workbenchApi()).workbench.connections.refresh();
  }

  async stop(): Promise<void> {
    process.env.XDG_CONFIG_HOME = this.saved;
    if (this.saved === undefined) delete process.env.XDG_CONFIG_HOME;
    const api = await workbenchApi();
    if (api.workbench.connections.activeEndpoint?.id !== testSocket()) {
      await api.workbench.connections.setActive(testSocket());
    }
    for (const id of [this.alias, this.broken]) {
      if (api.workbench.connections.isEnabled(id)) await api.workbench.connections.setEnabled(id, false);
    }
    await api.workbench.connections.refresh();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A Quadlet unit in the user's folder, as the Quadlets view's provider lists it. */
  async quadletUnit(): Promise<Made> {
    const name = `${fresh('unit')}.container`;
    const file = path.join(this.dir, 'containers', 'systemd', name);
    fs.writeFileSync(file, `[Container]\nImage=${BUSYBOX}\nExec=sleep 600\n`);
    // The view's provider is not on the extension's API: the same class, reading the same folders.
    const tree = new QuadletsTree();
    const [user] = (await tree.getChildren()).filter((i) => i.kind === 'scope' && i.scope === 'user');
    const unit = (await tree.getChildren(user)).find((i: QuadletItem) => i.label === name);
    if (!unit) throw new Error(`${name} is not in the Quadlets view`);
    const contextValue = String((await tree.getTreeItem(unit)).contextValue);
    return { node: unit, contextValue, name, id: file };
  }

  /** The Connections view's node of the endpoint at `socket`. */
  async connection(socket: string, contextValue: string): Promise<Made> {
    const api = await workbenchApi();
    const tree = api.connectionsTree;
    const found = await waitFor(`the connection ${socket} as ${contextValue}`, () =>
      tree
        .getChildren()
        .find((s: EndpointStatus) => s.endpoint.id === socket && tree.getTreeItem(s).contextValue === contextValue),
    );
    return { node: found, contextValue, name: found.endpoint.label, id: socket };
  }
}
