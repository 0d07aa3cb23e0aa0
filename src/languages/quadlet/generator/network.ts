// .network units: `podman network create --ignore` as a oneshot service, removed on stop if asked.
import { gatewaysAndRangesWithoutSubnet } from '../rules';
import { GeneratorError, type GenContext, type ServiceFile } from './context';
import { addAllStrings, addBooleans, addKeyValues, addStrings } from './flags';
import { resourceNameOf } from './names';
import { joinArgs } from './words';

/** --subnet with its --gateway and --ip-range, paired in order; refuses those without a subnet. */
function addSubnets(context: GenContext, args: string[]) {
  const subnets = context.all('Subnet');
  const gateways = context.all('Gateway');
  const ranges = context.all('IPRange');
  const [orphan] = gatewaysAndRangesWithoutSubnet(context);
  if (orphan) {
    const message = !subnets.length
      ? 'cannot set gateway or range without subnet'
      : `cannot set more ${orphan.key === 'Gateway' ? 'gateways' : 'ranges'} than subnets`;
    throw new GeneratorError(message, orphan);
  }
  subnets.forEach((subnet, index) => {
    args.push('--subnet', subnet.value);
    if (gateways[index]) args.push('--gateway', gateways[index].value);
    if (ranges[index]) args.push('--ip-range', ranges[index].value);
  });
}

export async function genNetwork(context: GenContext, out: ServiceFile) {
  out.add('Unit', 'RequiresMountsFor', '%t/containers');
  const prefix = context.podmanPrefix();
  const args = [...prefix, 'network', 'create', '--ignore'];
  // prettier-ignore
  addBooleans(context, args, [['DisableDNS', '--disable-dns'], ['Internal', '--internal'], ['IPv6', '--ipv6']]);
  addStrings(context, args, [
    ['Driver', '--driver'],
    ['IPAMDriver', '--ipam-driver'],
    ['InterfaceName', '--interface-name'],
  ]);
  addAllStrings(context, args, [['DNS', '--dns']]);
  addSubnets(context, args);
  addKeyValues(context, args, [
    ['Options', '--opt'],
    ['Label', '--label'],
  ]);
  const name = resourceNameOf(context.model, context.version);
  args.push(...context.podmanArgs(), name);
  out.add('Service', 'ExecStart', joinArgs(args));
  if (context.bool('NetworkDeleteOnStop')) {
    out.add('Service', 'ExecStopPost', joinArgs([...prefix, 'network', 'rm', name]));
  }
  out.oneshot(true);
}
