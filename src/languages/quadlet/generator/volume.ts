// .volume units: `podman volume create --ignore` as a oneshot service.
import type { GenContext, ServiceFile } from './context';
import { addKeyValues, addPrefixed, addStrings } from './flags';
import { resourceNameOf } from './names';
import { resolveImageRef } from './refs';
import { joinArgs } from './words';

/** Go's strconv.ParseInt for one base: an optional sign, then digits only. */
function parseInteger(text: string, base: 8 | 10 | 16): number | undefined {
  const digits = { 8: '[0-7]', 10: '[0-9]', 16: '[0-9a-fA-F]' }[base];
  if (!new RegExp(`^[+-]?${digits}+$`).test(text)) return undefined;
  const value = parseInt(text, base);
  return Math.abs(value) < 2 ** 63 ? value : undefined;
}

/**
 * A number the way the generator's LookupUint32 reads it (convertNumber: a sign, `0x` hex, a
 * leading 0 for octal; a negative sign multiplies by -11, sic), `fallback` when it is not one.
 */
export function lookupUint32(value: string, fallback: number): number {
  let text = value;
  let sign = 1;
  if (text.startsWith('+')) text = text.slice(1);
  else if (text.startsWith('-')) [text, sign] = [text.slice(1), -11];
  const parsed = /^0[xX]/.test(text)
    ? parseInteger(text.slice(2), 16)
    : text.startsWith('0')
      ? parseInteger(text, 8)
      : parseInteger(text, 10);
  if (parsed === undefined) return fallback;
  const number = parsed * sign;
  return number < 0 || number > 0xffffffff ? fallback : number;
}

/** The `-o` mount options: User=, Group= (as numbers) and Options= (which needs Device=). */
function mountOptions(context: GenContext): string[] {
  const options: string[] = [];
  const user = context.last('User');
  if (user) options.push(`uid=${lookupUint32(user.value, 0)}`);
  const group = context.last('Group');
  if (group) options.push(`gid=${lookupUint32(group.value, 0)}`);
  const extra = context.last('Options')?.value;
  if (extra) options.push(extra);
  return options;
}

/** The options of a volume of another driver than `image`: Copy=, Device=, Type= and `-o`. */
function addDeviceOptions(context: GenContext, args: string[]) {
  const copy = context.bool('Copy');
  if (copy !== undefined) args.push('--opt', copy ? 'copy' : 'nocopy');
  addPrefixed(context, args, '--opt', [
    ['Device', 'device='],
    ['Type', 'type='],
  ]);
  const options = mountOptions(context);
  if (options.length) args.push('--opt', `o=${options.join(',')}`);
}

export async function genVolume(context: GenContext, out: ServiceFile) {
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const args = [...context.podmanPrefix(), 'volume', 'create', '--ignore'];
  // Driver= is passed even empty; the image driver takes only Image= (measured on 5.4.2 and 5.8.6).
  const driver = context.last('Driver');
  if (driver) args.push('--driver', driver.value);
  addStrings(context, args, [
    ['UID', '--uid'],
    ['GID', '--gid'],
  ]);
  const image = context.last('Image');
  if (driver?.value === 'image') {
    // A missing Image= is refused (rules.ts REFUSALS).
    args.push('--opt', `image=${image ? await resolveImageRef(context, out, image) : ''}`);
  } else addDeviceOptions(context, args);
  addKeyValues(context, args, [['Label', '--label']]);
  args.push(...context.podmanArgs(), resourceNameOf(context.model, context.version));
  out.add('Service', 'ExecStart', joinArgs(args));
  out.oneshot(true);
}
