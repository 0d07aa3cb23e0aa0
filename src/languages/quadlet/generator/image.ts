// .image and .artifact units: `podman image pull` and `podman artifact pull` as oneshot services.
import { GeneratorError, type GenContext, type ServiceFile } from './context';
import { addBooleans, addStrings } from './flags';
import { joinArgs } from './words';

export async function genImage(context: GenContext, out: ServiceFile) {
  const image = context.last('Image');
  if (!image?.value) throw new GeneratorError('no Image key specified', undefined, context.sectionLine());
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const args = [...context.podmanPrefix(), 'image', 'pull'];
  // AuthFile= and CertDir= are passed as written, relative paths too (measured on 5.4.2 and 5.8.6).
  // prettier-ignore
  addStrings(context, args, [
    ['DecryptionKey', '--decryption-key'], ['OS', '--os'], ['Variant', '--variant'], ['Arch', '--arch'],
    ['AuthFile', '--authfile'], ['CertDir', '--cert-dir'], ['Creds', '--creds'], ['Policy', '--policy'],
    ['Retry', '--retry'], ['RetryDelay', '--retry-delay'],
  ]);
  addBooleans(context, args, [
    ['AllTags', '--all-tags'],
    ['TLSVerify', '--tls-verify'],
  ]);
  args.push(...context.podmanArgs(), image.value);
  out.add('Service', 'ExecStart', joinArgs(args));
  out.oneshot(true);
}

export async function genArtifact(context: GenContext, out: ServiceFile) {
  const artifact = context.last('Artifact');
  if (!artifact?.value) throw new GeneratorError('no Artifact key specified', undefined, context.sectionLine());
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const args = [...context.podmanPrefix(), 'artifact', 'pull'];
  // prettier-ignore
  addStrings(context, args, [
    ['AuthFile', '--authfile'], ['CertDir', '--cert-dir'], ['Creds', '--creds'], ['DecryptionKey', '--decryption-key'],
    ['Retry', '--retry'], ['RetryDelay', '--retry-delay'],
  ]);
  addBooleans(context, args, [
    ['Quiet', '--quiet'],
    ['TLSVerify', '--tls-verify'],
  ]);
  args.push(...context.podmanArgs(), artifact.value);
  out.add('Service', 'ExecStart', joinArgs(args));
  out.oneshot(true);
}
