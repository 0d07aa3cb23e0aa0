// .container units: `podman run` with one flag per key, the stop and reload commands, and the
// references to networks, volumes, images and the pod the container joins.
import { parseBool } from '../values';
import { containerLacksImage, groupWithoutUser, reloadSignalWithCommand, rootfsWithImage } from '../rules';
import { GeneratorError, type GenContext, type ServiceFile } from './context';
import { applyRefusals } from './refusals';
import {
  addAllStrings,
  addAllWords,
  addBooleans,
  addKeyValues,
  addPrefixed,
  addRemapUsers,
  addStrings,
  addUserNamespace,
  addWhenTrue,
} from './flags';
import { resourceNameOf, serviceNameOf } from './names';
import { findReferencedUnit, resolveImageRef, resolveMount, resolveNetwork, resolveVolume } from './refs';
import { joinArgs, splitWords } from './words';

const HEALTH_FLAGS = [
  ['HealthCmd', '--health-cmd'],
  ['HealthInterval', '--health-interval'],
  ['HealthOnFailure', '--health-on-failure'],
  ['HealthLogDestination', '--health-log-destination'],
  ['HealthMaxLogCount', '--health-max-log-count'],
  ['HealthMaxLogSize', '--health-max-log-size'],
  ['HealthRetries', '--health-retries'],
  ['HealthStartPeriod', '--health-start-period'],
  ['HealthTimeout', '--health-timeout'],
  ['HealthStartupCmd', '--health-startup-cmd'],
  ['HealthStartupInterval', '--health-startup-interval'],
  ['HealthStartupRetries', '--health-startup-retries'],
  ['HealthStartupSuccess', '--health-startup-success'],
  ['HealthStartupTimeout', '--health-startup-timeout'],
] as const;

/** The generator's refusals of a container unit that come before anything is written. */
function checkContainer(context: GenContext) {
  if (containerLacksImage(context)) {
    throw new GeneratorError('no Image or Rootfs key specified', undefined, context.sectionLine());
  }
  const rootfs = rootfsWithImage(context);
  if (rootfs) throw new GeneratorError('the Image And Rootfs keys conflict can not be specified together', rootfs);
  // The service's KillMode= and Type= are refused before the other keys are read, and
  // ReloadCmd= with ReloadSignal= between the two (measured on 5.8.6).
  applyRefusals(context, ['quadlet.kill-mode']);
  const signal = reloadSignalWithCommand(context);
  if (signal) throw new GeneratorError('ReloadCmd and ReloadSignal are mutually exclusive but both are set', signal);
  applyRefusals(context, ['quadlet.service-type']);
  const group = groupWithoutUser(context);
  if (group) throw new GeneratorError('invalid Group set without User', group);
}

/** ExecStop=, ExecStopPost= and the service settings of a container run by systemd. */
function addStopCommands(context: GenContext, out: ServiceFile, prefix: string[]) {
  // Up to 5.5 the container is found through a cid file; from 5.6 on (estimated) by its name.
  const target = context.byName ? [resourceNameOf(context.model, context.version)] : ['--cidfile=%t/%N.cid'];
  const remove = context.atLeast('4.6') ? ['rm', '-v', '-f', '-i', ...target] : ['rm', '-f', '-i', ...target];
  out.add('Service', 'Environment', 'PODMAN_SYSTEMD_UNIT=%n');
  out.addDefault('Service', 'KillMode', 'mixed');
  out.add('Service', 'ExecStop', joinArgs([...prefix, ...remove]));
  out.add('Service', 'ExecStopPost', '-' + joinArgs([...prefix, ...remove]));
  out.add('Service', 'Delegate', 'yes');
  if (!out.has('Service', 'Type')) out.add('Service', 'Type', 'notify');
  if (!out.isOneshot()) out.set('Service', 'NotifyAccess', 'all');
  out.addDefault('Service', 'SyslogIdentifier', '%N');
}

/** --sdnotify and -d, unless the service is a oneshot (the container then runs in the foreground). */
function addNotify(context: GenContext, out: ServiceFile, args: string[]) {
  if (out.isOneshot()) return;
  const notify = context.last('Notify')?.value;
  if (notify === 'healthy') args.push('--sdnotify=healthy');
  else if (notify !== undefined && parseBool(notify) === true) args.push('--sdnotify=container');
  else args.push('--sdnotify=conmon');
  args.push('-d');
}

/** AddDevice= values; a leading `-` skips a device the host does not have. */
async function addDevices(context: GenContext, args: string[]) {
  for (let device of context.words('AddDevice', 'strv')) {
    if (device.startsWith('-')) {
      device = device.slice(1);
      let present = false;
      try {
        present = await context.files.exists(device.split(':')[0]);
      } catch {
        present = false;
      }
      if (!present) continue;
    }
    args.push('--device', device);
  }
}

/** Pod=: binds the service to the pod's and joins the pod. */
async function addPod(context: GenContext, out: ServiceFile, args: string[]) {
  const pod = context.last('Pod');
  if (!pod?.value) return;
  if (!pod.value.endsWith('.pod')) throw new GeneratorError(`pod ${pod.value} is not Quadlet based`, pod);
  const model = await findReferencedUnit(context, pod.value, pod, `quadlet pod unit ${pod.value} does not exist`);
  const service = serviceNameOf(model, context.version);
  out.add('Unit', 'BindsTo', `${service}.service`);
  out.add('Unit', 'After', `${service}.service`);
  if (context.byName) args.push('--pod', resourceNameOf(model, context.version));
  else args.push('--pod-id-file', `%t/${service}.pod-id`);
}

/** Flags from the start of the command line through the network and security options. */
async function addRunOptions(context: GenContext, out: ServiceFile, args: string[]) {
  addStrings(context, args, [['LogDriver', '--log-driver']]);
  addAllWords(context, args, [['LogOpt', '--log-opt']], 'strv');
  const cgroups = context.last('CgroupsMode');
  if (cgroups?.value) args.push('--cgroups', cgroups.value);
  else args.push('--cgroups=split');
  // prettier-ignore
  addStrings(context, args, [
    ['IP6', '--ip6'], ['HostName', '--hostname'], ['StopSignal', '--stop-signal'], ['Timezone', '--tz'],
    ['ShmSize', '--shm-size'], ['WorkingDir', '--workdir'], ['StopTimeout', '--stop-timeout'], ['Pull', '--pull'],
    ['PidsLimit', '--pids-limit'], ['IP', '--ip'], ['Memory', '--memory'], ['Retry', '--retry'],
    ['RetryDelay', '--retry-delay'],
  ]);
  const entrypoint = context.last('Entrypoint');
  // 5.8 (estimated) writes --entrypoint=VALUE, an empty value too (it clears the image's entrypoint; measured on 5.8.6).
  if (entrypoint && context.atLeast('5.8')) args.push(`--entrypoint=${entrypoint.value}`);
  else if (entrypoint?.value) args.push('--entrypoint', entrypoint.value);
  // prettier-ignore
  addAllStrings(context, args, [
    ['NetworkAlias', '--network-alias'], ['Ulimit', '--ulimit'], ['DNS', '--dns'], ['DNSOption', '--dns-option'],
    ['DNSSearch', '--dns-search'], ['GroupAdd', '--group-add'], ['AddHost', '--add-host'], ['Tmpfs', '--tmpfs'],
  ]);
  // prettier-ignore
  addBooleans(context, args, [
    ['RunInit', '--init'], ['EnvironmentHost', '--env-host'], ['ReadOnlyTmpfs', '--read-only-tmpfs'],
  ]);
  addBooleans(context, args, [['HttpProxy', '--http-proxy']]);
  for (const entry of context.all('Network')) args.push('--network', await resolveNetwork(context, out, entry, true));
  addNotify(context, out, args);
  addWhenTrue(context, args, [
    ['NoNewPrivileges', ['--security-opt=no-new-privileges']],
    ['SecurityLabelDisable', ['--security-opt', 'label=disable']],
    ['SecurityLabelNested', ['--security-opt', 'label=nested']],
  ]);
  // prettier-ignore
  addPrefixed(context, args, '--security-opt', [
    ['SecurityLabelType', 'label=type:'], ['SecurityLabelFileType', 'label=filetype:'],
    ['SecurityLabelLevel', 'label=level:'], ['AppArmor', 'apparmor='],
  ]);
  await addDevices(context, args);
  addPrefixed(context, args, '--security-opt', [['SeccompProfile', 'seccomp=']]);
  const lowerCase = (word: string) => word.toLowerCase();
  addAllWords(context, args, [['DropCapability', '--cap-drop']], 'strv', lowerCase);
  addAllWords(context, args, [['AddCapability', '--cap-add']], 'strv', lowerCase);
  addAllWords(context, args, [['Sysctl', '--sysctl']], 'strv');
  addBooleans(context, args, [['ReadOnly', '--read-only']]);
}

/** Flags from the user and its id mapping through the health checks. */
async function addIdentityAndStorage(context: GenContext, out: ServiceFile, args: string[]) {
  const user = context.last('User')?.value;
  const group = context.last('Group')?.value;
  if (user) args.push('--user', group ? `${user}:${group}` : user);
  addRemapUsers(context, args);
  addUserNamespace(context, args);
  addWhenTrue(context, args, [['VolatileTmp', ['--tmpfs', '/tmp:rw,size=512M,mode=1777']]]);
  for (const entry of context.all('Volume')) args.push('-v', await resolveVolume(context, out, entry));
  addPrefixed(context, args, '--label', [['AutoUpdate', 'io.containers.autoupdate=']]);
  addAllStrings(context, args, [
    ['ExposeHostPort', '--expose'],
    ['PublishPort', '--publish'],
  ]);
  // prettier-ignore
  addKeyValues(context, args, [['Environment', '--env'], ['Label', '--label'], ['Annotation', '--annotation']]);
  for (const mask of context.words('Mask', 'args')) args.push('--security-opt', `mask=${mask}`);
  for (const unmask of context.words('Unmask', 'args')) args.push('--security-opt', `unmask=${unmask}`);
  addAllWords(context, args, [['EnvironmentFile', '--env-file']], 'args', (path) => context.absPath(path));
  addAllWords(context, args, [['Secret', '--secret']], 'args');
  for (const entry of context.all('Mount')) {
    for (const word of splitWords(entry.value)) args.push('--mount', await resolveMount(context, out, entry, word));
  }
  await addPod(context, out, args);
  addStrings(context, args, HEALTH_FLAGS);
}

/** ExecReload= from ReloadCmd= or ReloadSignal=. */
function addReload(context: GenContext, out: ServiceFile, prefix: string[]) {
  const self = resourceNameOf(context.model, context.version);
  // Read like LookupLastArgs: a value without words (or refused by the parser) writes no ExecReload= (measured on 5.8.6).
  const command = splitWords(context.lastRaw('ReloadCmd')?.value ?? '');
  const signal = context.last('ReloadSignal')?.value;
  const target = context.byName ? [self] : ['--cidfile=%t/%N.cid'];
  if (command.length) out.add('Service', 'ExecReload', joinArgs([...prefix, 'exec', ...target, ...command]));
  if (signal) {
    const kill = context.byName ? ['--signal', signal, self] : ['--cidfile=%t/%N.cid', '--signal', signal];
    out.add('Service', 'ExecReload', joinArgs([...prefix, 'kill', ...kill]));
  }
}

export async function genContainer(context: GenContext, out: ServiceFile) {
  checkContainer(context);
  const image = context.last('Image');
  const imageName = image?.value ? await resolveImageRef(context, out, image) : '';
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const prefix = context.podmanPrefix();
  addStopCommands(context, out, prefix);
  const name = resourceNameOf(context.model, context.version);
  const args = [
    ...prefix,
    'run',
    '--name',
    name,
    ...(context.byName ? [] : ['--cidfile=%t/%N.cid']),
    '--replace',
    '--rm',
  ];
  await addRunOptions(context, out, args);
  await addIdentityAndStorage(context, out, args);
  args.push(...context.podmanArgs());
  if (imageName) args.push(imageName);
  else args.push('--rootfs', context.last('Rootfs')?.value ?? '');
  const exec = context.lastRaw('Exec');
  if (exec?.value) args.push(...splitWords(exec.value));
  out.add('Service', 'ExecStart', joinArgs(args));
  addReload(context, out, prefix);
}
