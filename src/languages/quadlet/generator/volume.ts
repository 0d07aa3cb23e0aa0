// .volume units: `podman volume create --ignore` as a oneshot service.
import type { GenContext, ServiceFile } from './context';
import { addKeyValues, addPrefixed, addStrings } from './flags';
import { resourceNameOf } from './names';
import { resolveImageRef } from './refs';
import { joinArgs } from './words';

/** The `-o` mount options: User=, Group= and Options=. */
function mountOptions(context: GenContext): string[] {
  const options: string[] = [];
  const user = context.last('User')?.value;
  if (user) options.push(`uid=${user}`);
  const group = context.last('Group')?.value;
  if (group) options.push(`gid=${group}`);
  const extra = context.last('Options')?.value;
  if (extra) options.push(extra);
  return options;
}

export async function genVolume(context: GenContext, out: ServiceFile) {
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const args = [...context.podmanPrefix(), 'volume', 'create', '--ignore'];
  // prettier-ignore
  addStrings(context, args, [['Driver', '--driver'], ['UID', '--uid'], ['GID', '--gid']]);
  // Copy= is written as --opt copy|nocopy, except for the image driver (measured on 5.4.2 and 5.8.6).
  const copy = context.bool('Copy');
  if (copy !== undefined && context.last('Driver')?.value !== 'image') args.push('--opt', copy ? 'copy' : 'nocopy');
  addPrefixed(context, args, '--opt', [
    ['Device', 'device='],
    ['Type', 'type='],
  ]);
  const options = mountOptions(context);
  if (options.length) args.push('--opt', `o=${options.join(',')}`);
  const image = context.last('Image');
  // Image= only means something with Driver=image; the generator ignores it otherwise.
  if (image?.value && context.last('Driver')?.value === 'image') {
    args.push('--opt', `image=${await resolveImageRef(context, out, image)}`);
  }
  addKeyValues(context, args, [['Label', '--label']]);
  args.push(...context.podmanArgs(), resourceNameOf(context.model, context.version));
  out.add('Service', 'ExecStart', joinArgs(args));
  out.oneshot(true);
}
