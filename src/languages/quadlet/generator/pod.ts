// .pod units: `podman pod create` before the service starts the pod, and the containers that
// join it started with it.
import { posix } from 'node:path';
import { listUnitFiles, loadUnit, lookupLast } from '../files';
import { lookupValue } from '../rules';
import { parseBool } from '../values';
import type { GenContext, ServiceFile } from './context';
import { generateService } from './index';
import { addAllStrings, addKeyValues, addRemapUsers, addStrings, addUserNamespace } from './flags';
import { resourceNameOf, serviceNameOf } from './names';
import { resolveNetwork, resolveVolume } from './refs';
import { joinArgs } from './words';

/** Wants= and Before= on every container unit that names this pod and starts with it. */
async function addMemberContainers(context: GenContext, out: ServiceFile) {
  const podName = context.model.name;
  const { files, searchDirs, overrides } = context;
  for (const unit of await listUnitFiles([posix.dirname(context.model.path), ...searchDirs], files)) {
    if (unit.type !== 'container') continue;
    let text: string | undefined;
    try {
      text = overrides.get(unit.path) ?? (await files.readFile(unit.path));
    } catch {
      text = undefined;
    }
    // Pod= may come from a drop-in (a truncated-name one too): every container unit is loaded.
    if (text === undefined) continue;
    const model = await loadUnit(unit.path, text, files, { searchDirs, overrides });
    const pod = model && lookupLast(model, 'Container', 'Pod');
    if (!model || !pod || lookupValue(pod.value, context.version) !== podName) continue;
    // The generator reads Pod= after every other key: a container it refuses never joins.
    // (the pod itself may be unsaved text: the container finds it as a sibling)
    const siblings = new Map(context.siblings).set(podName, {
      path: context.model.path,
      text: context.model.main.text,
    });
    if (!(await generateService(model, { ...context.options, siblings })).ok) continue;
    const startWithPod = lookupLast(model, 'Container', 'StartWithPod');
    if (startWithPod && parseBool(startWithPod.value) === false) continue;
    out.add('Unit', 'Wants', `${serviceNameOf(model, context.version)}.service`);
    out.add('Unit', 'Before', `${serviceNameOf(model, context.version)}.service`);
  }
}

/** ExecStart=, ExecStop=, ExecStopPost= of the pod, and the start of its `pod create` command. */
function addPodCommands(context: GenContext, out: ServiceFile, prefix: string[], name: string): string[] {
  const stopTime = context.last('StopTimeout')?.value || '10';
  const exitPolicy = context.last('ExitPolicy')?.value || 'stop';
  const pod = [...prefix, 'pod'];
  if (context.byName) {
    out.add('Service', 'ExecStart', joinArgs([...pod, 'start', name]));
    out.add('Service', 'ExecStop', joinArgs([...pod, 'stop', '--ignore', `--time=${stopTime}`, name]));
    out.add('Service', 'ExecStopPost', joinArgs([...pod, 'rm', '--ignore', '--force', name]));
    return [...pod, 'create', '--infra-conmon-pidfile=%t/%N.pid', '--replace', '--exit-policy', exitPolicy];
  }
  const idFile = '--pod-id-file=%t/%N.pod-id';
  out.add('Service', 'ExecStart', joinArgs([...pod, 'start', idFile]));
  out.add('Service', 'ExecStop', joinArgs([...pod, 'stop', idFile, '--ignore', `--time=${stopTime}`]));
  out.add('Service', 'ExecStopPost', joinArgs([...pod, 'rm', idFile, '--ignore', '--force']));
  return [...pod, 'create', '--infra-conmon-pidfile=%t/%N.pid', idFile, `--exit-policy=${exitPolicy}`, '--replace'];
}

export async function genPod(context: GenContext, out: ServiceFile) {
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const prefix = context.podmanPrefix();
  await addMemberContainers(context, out);
  out.addDefault('Service', 'SyslogIdentifier', '%N');
  const name = resourceNameOf(context.model, context.version);
  const args = addPodCommands(context, out, prefix, name);
  addRemapUsers(context, args);
  addUserNamespace(context, args);
  addAllStrings(context, args, [['PublishPort', '--publish']]);
  for (const entry of context.all('Network')) args.push('--network', await resolveNetwork(context, out, entry, false));
  // prettier-ignore
  addStrings(context, args, [['IP', '--ip'], ['IP6', '--ip6'], ['ShmSize', '--shm-size']]);
  // A pod's HostName= is read like LookupAll: every line, quotes kept (measured on 5.8.6).
  // prettier-ignore
  addAllStrings(context, args, [
    ['HostName', '--hostname'], ['DNS', '--dns'], ['DNSOption', '--dns-option'], ['DNSSearch', '--dns-search'], ['AddHost', '--add-host'],
    ['NetworkAlias', '--network-alias'],
  ]);
  addKeyValues(context, args, [['Label', '--label']]);
  for (const entry of context.all('Volume')) args.push('-v', await resolveVolume(context, out, entry));
  args.push('--infra-name', `${name}-infra`, '--name', name, ...context.podmanArgs());
  out.add('Service', 'ExecStartPre', joinArgs(args));
  // The pod's service settings replace the unit's (the last line of each key); 5.4.2 sets
  // Environment= that way too, 5.8.6 adds it (measured; the change estimated at 5.5).
  if (context.atLeast('5.5')) out.add('Service', 'Environment', 'PODMAN_SYSTEMD_UNIT=%n');
  else out.set('Service', 'Environment', 'PODMAN_SYSTEMD_UNIT=%n');
  out.set('Service', 'Type', 'forking');
  out.set('Service', 'Restart', 'on-failure');
  out.set('Service', 'PIDFile', '%t/%N.pid');
}
