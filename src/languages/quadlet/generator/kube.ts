// .kube units: `podman kube play` of the Yaml= files with a service container, `kube down` on stop.
import { posix } from 'node:path';
import { lookupLast } from '../files';
import { kubeYamls, yamlWorkdirWithSeveralYamls } from '../rules';
import { GeneratorError, type GenContext, type ServiceFile } from './context';
import { addAllStrings, addAllWords, addBooleans, addRemapUsers, addStrings } from './flags';
import { resolveNetwork } from './refs';
import { applyRefusals } from './refusals';
import { joinArgs } from './words';

/**
 * [Service] WorkingDirectory= from SetWorkingDirectory=, unless the unit sets one itself; an
 * unknown value is refused even then; the value's case does not matter (measured on 5.4.2 and 5.8.6).
 */
function addWorkingDirectory(context: GenContext, out: ServiceFile, yamlPaths: string[]) {
  const workdir = context.last('SetWorkingDirectory');
  if (!workdir?.value) return;
  const mode = workdir.value.toLowerCase();
  if (mode !== 'yaml' && mode !== 'unit') {
    // (sic: the generator's wording, trailing blank included)
    throw new GeneratorError(`unsupported value for WorkingDirectory: ${workdir.value} `, workdir);
  }
  if (lookupLast(context.model, 'Service', 'WorkingDirectory')?.value) return;
  const several = yamlWorkdirWithSeveralYamls(context);
  if (several) {
    throw new GeneratorError('SetWorkingDirectory=yaml is only supported when a single Yaml key is provided', several);
  }
  const dir = mode === 'yaml' ? posix.dirname(yamlPaths[0]) : posix.dirname(context.model.path);
  out.add('Service', 'WorkingDirectory', dir);
}

export async function genKube(context: GenContext, out: ServiceFile) {
  const yamls = kubeYamls(context);
  if (!yamls.length) throw new GeneratorError('no Yaml key specified', undefined, context.sectionLine());
  // The service's KillMode= and Type= are refused right after Yaml= (measured on 5.4.2 and 5.8.6).
  applyRefusals(context, ['quadlet.kill-mode']);
  applyRefusals(context, ['quadlet.service-type']);
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const prefix = context.podmanPrefix();
  out.addDefault('Service', 'KillMode', 'mixed');
  out.add('Service', 'Environment', 'PODMAN_SYSTEMD_UNIT=%n');
  if (!out.has('Service', 'Type')) out.add('Service', 'Type', 'notify');
  if (!out.isOneshot()) out.set('Service', 'NotifyAccess', 'all');
  out.addDefault('Service', 'SyslogIdentifier', '%N');
  const args = [...prefix, 'kube', 'play', '--replace', '--service-container=true'];
  const propagation = context.last('ExitCodePropagation');
  if (propagation?.value) args.push(`--service-exit-code-propagation=${propagation.value}`);
  addStrings(context, args, [['LogDriver', '--log-driver']]);
  addAllWords(context, args, [['LogOpt', '--log-opt']], 'strv');
  addRemapUsers(context, args);
  addStrings(context, args, [['UserNS', '--userns']]);
  for (const entry of context.all('Network')) args.push('--network', await resolveNetwork(context, out, entry, false));
  // AutoUpdate=[CONTAINER/]TYPE words (measured on 5.4.2 and 5.8.6).
  for (const update of context.words('AutoUpdate', 'strv')) {
    const slash = update.indexOf('/');
    const [container, type] = slash < 0 ? ['', update] : [`/${update.slice(0, slash)}`, update.slice(slash + 1)];
    args.push(`--annotation=io.containers.autoupdate${container}=${type}`);
  }
  addAllWords(context, args, [['ConfigMap', '--configmap']], 'strv', (path) => context.absPath(path));
  addAllStrings(context, args, [['PublishPort', '--publish']]);
  args.push(...context.podmanArgs());
  const yamlPaths = yamls.map((yaml) => context.absPath(yaml.value));
  args.push(...yamlPaths);
  out.add('Service', 'ExecStart', joinArgs(args));
  const down = [...prefix, 'kube', 'down'];
  addBooleans(context, down, [['KubeDownForce', '--force']]);
  out.add('Service', 'ExecStopPost', joinArgs([...down, ...yamlPaths]));
  addWorkingDirectory(context, out, yamlPaths);
}
