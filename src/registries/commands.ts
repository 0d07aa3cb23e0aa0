// Registry commands: podman.image.pull / push, podman.registry.login / logout / add / remove /
// refresh / deleteTag / pullTag, podman.image.checkNewer. Everything goes through the Podman socket
// (pull, push, /auth) or the registry's own API (browsing); credentials stay in SecretStorage.
import * as vscode from 'vscode';
import type { WorkbenchContext } from '../context';
import { registerCommand, requireClient } from '../util/commands';
import { imageRefProblem, parseImageRef, formatImageRef } from '../podman/imageRef';
import { RegistryError } from '../podman/registryErrors';
import { type PullPolicy, checkLogin, pullImage, pushImage } from '../podman/registryTransfer';
import type { ImageSummary } from '../podman/models';
import { isTreeNode } from '../explorer/model/nodes';
import { isInsecure } from '../podman/registryConfig';
import { withLayerProgress } from './progress';
import type { RegistryService } from './service';
import type { RegistriesTree, RegistryNode } from './tree';

/** What a pull command may be given: a reference, a lens's request, an Images or Registries node. */
export type PullArg = string | { reference: string; policy?: PullPolicy; platform?: string } | RegistryNode | unknown;

async function askReference(title: string, value = ''): Promise<string | undefined> {
  const r = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Image reference, e.g. quay.io/podman/hello:latest'),
    value,
    validateInput: (v) => (v.trim() ? imageRefProblem(v) : undefined),
  });
  return r?.trim() || undefined;
}

/** The platform to pull when the registry offers several (asked), else undefined. */
async function askPlatform(service: RegistryService, reference: string): Promise<string | undefined | null> {
  const ref = parseImageRef(reference);
  if (!ref.qualified) return undefined;
  const manifest = await (
    await service.client(ref.registry)
  )
    .manifest(ref.repository, ref.digest ?? ref.tag ?? 'latest')
    .catch(() => undefined);
  if (!manifest || manifest.platforms.length < 2) return undefined;
  const items = manifest.platforms.map((p) => ({
    label: `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`,
  }));
  const host = `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`;
  items.sort((a, b) => Number(b.label.startsWith(host)) - Number(a.label.startsWith(host)));
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Platform of {0}', reference) });
  return picked ? picked.label : null;
}

function imageOf(wb: WorkbenchContext, node: unknown): ImageSummary | undefined {
  if (!isTreeNode(node) || node.kind !== 'image') return undefined;
  return wb.explorer?.model.image(node);
}

/** After a pull or a push: the registry's answers are stale and the image list changed. */
function transferred(wb: WorkbenchContext, service: RegistryService): void {
  service.freshness.invalidate();
  wb.explorer?.model.store.refreshList('images');
}

/** Pull: the reference from the argument or an input box, with progress; returns the reference pulled. */
async function pull(wb: WorkbenchContext, service: RegistryService, arg?: PullArg): Promise<string | undefined> {
  let reference: string | undefined;
  let policy: PullPolicy | undefined;
  let platform: string | undefined;
  if (typeof arg === 'string') reference = arg;
  else if (arg && typeof arg === 'object' && 'reference' in arg && typeof arg.reference === 'string') {
    ({ reference, policy, platform } = arg as { reference: string; policy?: PullPolicy; platform?: string });
  } else if (arg && typeof arg === 'object' && (arg as RegistryNode).kind === 'tag') {
    const t = arg as Extract<RegistryNode, { kind: 'tag' }>;
    reference = `${t.registry}/${t.repository}:${t.tag}`;
  } else reference = imageOf(wb, arg)?.repoTags[0];
  reference ??= await askReference(vscode.l10n.t('Pull Image'));
  if (!reference) return undefined;
  const ref = parseImageRef(reference); // a clear message before anything is sent
  if (!platform && typeof arg !== 'object') {
    const chosen = await askPlatform(service, reference);
    if (chosen === null) return undefined;
    platform = chosen;
  }
  const client = requireClient(wb);
  const credentials = ref.qualified ? await service.credentials(ref.registry) : undefined;
  wb.log.info(`pull ${reference}${platform ? ` (${platform})` : ''}`);
  const result = await withLayerProgress(vscode.l10n.t('Pulling {0}', reference), (o) =>
    pullImage(client, reference, { ...o, credentials, platform, policy }),
  );
  transferred(wb, service);
  void vscode.window.showInformationMessage(
    result.pulled
      ? vscode.l10n.t('Pulled {0}.', result.reference)
      : vscode.l10n.t('{0} is already local.', result.reference),
  );
  await recheck(wb, service);
  return result.reference;
}

/** Offers to log in to `registry`; true when the user logged in. */
async function offerLogin(
  wb: WorkbenchContext,
  service: RegistryService,
  registry: string,
  why: string,
): Promise<boolean> {
  const login = vscode.l10n.t('Log In');
  const pick = await vscode.window.showWarningMessage(why, login, vscode.l10n.t('Push Anyway'));
  if (pick === undefined) return false;
  if (pick !== login) return true;
  return (await loginCommand(wb, service, registry)) !== undefined;
}

async function push(wb: WorkbenchContext, service: RegistryService, node?: unknown): Promise<string | undefined> {
  let image = imageOf(wb, node);
  if (!image) {
    await wb.explorer?.live.ensureLoaded();
    const items = (wb.explorer?.model.store.images ?? [])
      .filter((i) => i.repoTags.length)
      .map((i) => ({ label: i.repoTags[0], i }));
    image = (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Push Image') }))?.i;
  }
  if (!image) return undefined;
  const source = image.repoTags[0] ?? image.id;
  const destination = await askReference(
    vscode.l10n.t('Push {0} to', source),
    source.startsWith('localhost/') ? '' : source,
  );
  if (!destination) return undefined;
  const ref = parseImageRef(destination);
  if (!ref.qualified) {
    throw new RegistryError('server', vscode.l10n.t('Say which registry to push to: HOST[:PORT]/NAME[:TAG].'));
  }
  const conf = await service.registriesConf().catch(() => undefined);
  const insecure = conf ? isInsecure(conf, ref.registry) : false;
  if (!insecure && !(await service.credentials(ref.registry))) {
    const why = vscode.l10n.t('You are not logged in to {0}.', ref.registry);
    if (!(await offerLogin(wb, service, ref.registry, why))) return undefined;
  }
  const client = requireClient(wb);
  const target = formatImageRef(ref);
  const run = async (): Promise<void> => {
    const credentials = await service.credentials(ref.registry);
    await withLayerProgress(vscode.l10n.t('Pushing {0}', target), (o) =>
      pushImage(client, image.id, target, { ...o, credentials }),
    );
  };
  wb.log.info(`push ${source} → ${target}`);
  try {
    await run();
  } catch (e) {
    if (!(e instanceof RegistryError && e.registryKind === 'unauthorized')) throw e;
    const why = vscode.l10n.t('{0} refused the push: log in?', ref.registry);
    if (!(await offerLogin(wb, service, ref.registry, why))) return undefined;
    await run();
  }
  transferred(wb, service);
  void vscode.window.showInformationMessage(vscode.l10n.t('Pushed {0}.', target));
  return target;
}

/** Log In: registry, user name, password (a password box); checked through Podman's /auth first. */
export async function loginCommand(
  wb: WorkbenchContext,
  service: RegistryService,
  arg?: unknown,
): Promise<string | undefined> {
  const given =
    typeof arg === 'string'
      ? arg
      : (arg as RegistryNode | undefined)?.kind === 'registry'
        ? (arg as Extract<RegistryNode, { kind: 'registry' }>).known.registry
        : undefined;
  const registry =
    given ??
    (
      await vscode.window.showInputBox({
        title: vscode.l10n.t('Log In to Registry'),
        prompt: vscode.l10n.t('Registry host[:port], e.g. quay.io'),
        validateInput: (v) =>
          /^[a-zA-Z0-9.-]+(:\d+)?$/.test(v.trim()) ? undefined : vscode.l10n.t('A host name, optionally :port'),
      })
    )?.trim();
  if (!registry) return undefined;
  const title = vscode.l10n.t('Log In to {0}', registry);
  const username = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('User name'),
    ignoreFocusOut: true,
  });
  if (!username) return undefined;
  const password = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Password or token'),
    password: true,
    ignoreFocusOut: true,
  });
  if (!password) return undefined;
  const credentials = { username, password, serveraddress: registry };
  await checkLogin(requireClient(wb), credentials);
  let toAuthFile = false;
  if (service.connectionIsLocal) {
    const share = vscode.l10n.t('Share with the podman CLI');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        "Logged in to {0}. Also write the login to Podman's auth file, as `podman login` does, so the podman CLI shares it?",
        registry,
      ),
      share,
      vscode.l10n.t('Only VS Code'),
    );
    toAuthFile = answer === share;
  }
  const file = await service.saveLogin(credentials, toAuthFile);
  wb.log.info(`logged in to ${registry}${file ? ` (also in ${file})` : ''}`);
  return registry;
}

async function logoutCommand(wb: WorkbenchContext, service: RegistryService, arg?: unknown): Promise<void> {
  const known = (await service.known()).filter((k) => k.sources.includes('login') || k.sources.includes('auth-file'));
  const given =
    typeof arg === 'string'
      ? arg
      : (arg as RegistryNode | undefined)?.kind === 'registry'
        ? (arg as Extract<RegistryNode, { kind: 'registry' }>).known.registry
        : undefined;
  const registry =
    given ??
    (await vscode.window.showQuickPick(
      known.map((k) => k.registry),
      { title: vscode.l10n.t('Log Out of Registry') },
    ));
  if (!registry) return;
  const inFile = known.find((k) => k.registry === registry)?.sources.includes('auth-file') && service.connectionIsLocal;
  let fromFile = false;
  if (inFile) {
    const both = vscode.l10n.t("Also from Podman's auth file");
    fromFile =
      (await vscode.window.showInformationMessage(
        vscode.l10n.t('Log out of {0}?', registry),
        both,
        vscode.l10n.t('Only VS Code'),
      )) === both;
  }
  await service.logout(registry, fromFile);
  wb.log.info(`logged out of ${registry}`);
}

/** Re-checks the local images against their registries (quiet offline). */
export async function recheck(wb: WorkbenchContext, service: RegistryService, fresh = false): Promise<void> {
  const store = wb.explorer?.model.store;
  if (!store || !wb.connections.active) return;
  await service.checkImages(store.images, { fresh });
}

export function registerRegistryCommands(wb: WorkbenchContext, service: RegistryService, tree: RegistriesTree): void {
  registerCommand(wb, 'podman.image.pull', (arg?: PullArg) => pull(wb, service, arg));
  registerCommand(wb, 'podman.registry.pullTag', (node?: RegistryNode) => pull(wb, service, node));
  registerCommand(wb, 'podman.image.push', (node?: unknown) => push(wb, service, node));
  registerCommand(wb, 'podman.registry.login', (arg?: unknown) => loginCommand(wb, service, arg));
  registerCommand(wb, 'podman.registry.logout', (arg?: unknown) => logoutCommand(wb, service, arg));
  registerCommand(wb, 'podman.image.checkNewer', () => recheck(wb, service, true));
  registerCommand(wb, 'podman.registry.refresh', () => tree.refresh());
  registerCommand(wb, 'podman.registry.add', async () => {
    const registry = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add Registry'),
      prompt: vscode.l10n.t('Registry host[:port]'),
      validateInput: (v) =>
        /^[a-zA-Z0-9.-]+(:\d+)?$/.test(v.trim()) ? undefined : vscode.l10n.t('A host name, optionally :port'),
    });
    if (registry) await service.addRegistry(registry.trim());
  });
  registerCommand(wb, 'podman.registry.remove', async (node?: RegistryNode) => {
    if (node?.kind === 'registry') await service.removeRegistry(node.known.registry);
  });
  registerCommand(wb, 'podman.registry.deleteTag', async (node?: RegistryNode) => {
    if (node?.kind !== 'tag') return;
    const ref = `${node.registry}/${node.repository}:${node.tag}`;
    const remove = vscode.l10n.t('Delete');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Delete {0} from the registry? Registries without tag deletion remove the manifest, and every tag of it.',
        ref,
      ),
      { modal: true },
      remove,
    );
    if (answer !== remove) return;
    await (await service.client(node.registry)).deleteTag(node.repository, node.tag);
    service.freshness.invalidate();
    tree.refresh();
  });
}
