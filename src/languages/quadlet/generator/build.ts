// .build units: `podman build` of a Containerfile as a oneshot service, from the unit's folder,
// the file's folder or a given context.
import { posix } from 'node:path';
import { lookupLast } from '../files';
import { buildLacksContext, fileWorkdirWithoutFile } from '../rules';
import { GeneratorError, type GenContext, type ServiceFile } from './context';
import { addAllStrings, addBooleans, addKeyValues, addStrings } from './flags';
import { resolveNetwork, resolveVolume } from './refs';
import { joinArgs } from './words';

/** The generator's refusals of a build unit that come before anything is written. */
function checkBuild(context: GenContext) {
  if (!context.all('ImageTag').length) {
    throw new GeneratorError('no ImageTag key specified', undefined, context.sectionLine());
  }
  if (buildLacksContext(context)) {
    throw new GeneratorError('neither SetWorkingDirectory, nor File key specified', undefined, context.sectionLine());
  }
}

/** [Service] WorkingDirectory= and the build context from SetWorkingDirectory=. */
function addWorkingDirectory(context: GenContext, out: ServiceFile, args: string[]) {
  const workdir = context.last('SetWorkingDirectory');
  if (!workdir?.value || lookupLast(context.model, 'Service', 'WorkingDirectory')?.value) return;
  if (workdir.value === 'unit') out.add('Service', 'WorkingDirectory', posix.dirname(context.model.path));
  else if (workdir.value === 'file') {
    const withoutFile = fileWorkdirWithoutFile(context);
    if (withoutFile) throw new GeneratorError('no File key specified', withoutFile);
    const dir = posix.dirname(context.absPath(context.last('File')!.value));
    out.add('Service', 'WorkingDirectory', dir);
    args.push(dir); // the file's folder is also passed as the build context
  } else args.push(workdir.value);
}

export async function genBuild(context: GenContext, out: ServiceFile) {
  checkBuild(context);
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const args = [...context.podmanPrefix(), 'build'];
  const pull = context.last('Pull');
  if (pull?.value) args.push(`--pull=${pull.value}`);
  // prettier-ignore
  addStrings(context, args, [
    ['Arch', '--arch'], ['AuthFile', '--authfile'], ['Target', '--target'], ['Variant', '--variant'],
    ['Retry', '--retry'], ['RetryDelay', '--retry-delay'], ['IgnoreFile', '--ignorefile'],
  ]);
  addBooleans(context, args, [
    ['TLSVerify', '--tls-verify'],
    ['ForceRM', '--force-rm'],
  ]);
  // prettier-ignore
  addAllStrings(context, args, [
    ['DNS', '--dns'], ['DNSOption', '--dns-option'], ['DNSSearch', '--dns-search'], ['GroupAdd', '--group-add'],
    ['ImageTag', '--tag'],
  ]);
  // prettier-ignore
  addKeyValues(context, args, [
    ['Annotation', '--annotation'], ['Environment', '--env'], ['Label', '--label'], ['BuildArg', '--build-arg'],
  ]);
  for (const entry of context.all('Network')) args.push('--network', await resolveNetwork(context, out, entry, false));
  addAllStrings(context, args, [['Secret', '--secret']]);
  for (const entry of context.all('Volume')) args.push('-v', await resolveVolume(context, out, entry, []));
  addStrings(context, args, [['File', '--file']]);
  args.push(...context.podmanArgs());
  addWorkingDirectory(context, out, args);
  out.add('Service', 'ExecStart', joinArgs(args));
  out.oneshot(false);
}
