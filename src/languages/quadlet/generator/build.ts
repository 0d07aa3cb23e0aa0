// .build units: `podman build` of a Containerfile as a oneshot service, from the unit's folder,
// the file's folder or a given context.
import { posix } from 'node:path';
import { lookupLast } from '../files';
import { buildLacksContext, fileWorkdirWithoutFile, isUrl, lookupValue } from '../rules';
import { GeneratorError, type GenContext, type ServiceFile } from './context';
import { addAllStrings, addAllWords, addBooleans, addKeyValues, addStrings } from './flags';
import { resolveNetwork, resolveVolume } from './refs';
import { joinArgs } from './words';

/**
 * A build unit without ImageTag=. Before 5.5 (estimated) the generator refuses it even before
 * it reads the unit's keys (measured: 5.4.2 says this for an unknown key too, 5.8.6 names the key).
 */
export function checkImageTag(context: GenContext) {
  if (!context.all('ImageTag').length) {
    throw new GeneratorError('no ImageTag key specified', undefined, context.sectionLine());
  }
}

/**
 * [Service] WorkingDirectory= and the build context from SetWorkingDirectory=, like the
 * generator's handleSetWorkingDirectory: `unit`, `file` and relative contexts set the working
 * directory (unless [Service] sets one, which also drops a relative context); the context is
 * returned.
 */
function addWorkingDirectory(context: GenContext, out: ServiceFile): string {
  const workdir = context.last('SetWorkingDirectory');
  if (!workdir?.value) return '';
  let relativeTo = '';
  let buildContext = '';
  const mode = workdir.value.toLowerCase();
  if (mode === 'yaml') {
    throw new GeneratorError(`SetWorkingDirectory=${workdir.value} is only supported in .kube files`, workdir);
  } else if (mode === 'file') {
    const withoutFile = fileWorkdirWithoutFile(context);
    if (withoutFile) throw new GeneratorError('no File key specified', withoutFile);
    relativeTo = context.last('File')?.value ?? '';
  } else if (mode === 'unit') relativeTo = context.model.path;
  else {
    buildContext = workdir.value;
    if (!buildContext.startsWith('/')) relativeTo = context.model.path;
  }
  if (!relativeTo || isUrl(buildContext)) return buildContext;
  if (lookupLast(context.model, 'Service', 'WorkingDirectory')?.value) return '';
  out.add('Service', 'WorkingDirectory', posix.dirname(context.absPath(relativeTo)));
  return buildContext;
}

/** The last argument: the context, or the working directory for a relative (or no) File=. */
function buildOperand(context: GenContext, out: ServiceFile, buildContext: string): string | undefined {
  if (buildContext) return buildContext;
  const file = context.last('File')?.value ?? '';
  if (file.startsWith('/') || isUrl(file)) return undefined;
  const service = out.get('Service').lines.filter(([key]) => key === 'WorkingDirectory');
  // The refusal of a relative File= without working directory is in rules.ts REFUSALS.
  return service.length ? lookupValue(service[service.length - 1][1], context.version) : undefined;
}

export async function genBuild(context: GenContext, out: ServiceFile) {
  checkImageTag(context);
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
  addAllWords(context, args, [['Secret', '--secret']], 'args');
  for (const entry of context.all('Volume')) args.push('-v', await resolveVolume(context, out, entry));
  const buildContext = addWorkingDirectory(context, out);
  // After the networks, volumes and working directory (measured on 5.4.2 and 5.8.6).
  if (buildLacksContext(context)) {
    throw new GeneratorError('neither SetWorkingDirectory, nor File key specified', undefined, context.sectionLine());
  }
  addStrings(context, args, [['File', '--file']]);
  args.push(...context.podmanArgs());
  const operand = buildOperand(context, out, buildContext);
  if (operand) args.push(operand);
  out.add('Service', 'ExecStart', joinArgs(args));
  out.oneshot(false);
}
