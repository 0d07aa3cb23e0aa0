// Published ports as `podman run -p` writes them, parsed into libpod's spec form. The one parser
// for every place a user types a port mapping (Run Image, the debug configuration's "ports").

/** One `portmappings` entry of libpod's container create spec. */
export interface PortMappingSpec {
  /** Absent: every address of the host. */
  host_ip?: string;
  /** First host port; absent: Podman picks a free one. */
  host_port?: number;
  /** First container port. */
  container_port: number;
  /** Number of consecutive ports (absent: 1). */
  range?: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

export const PORT_SPEC_FORM = '[ip:][hostPort:]containerPort[/protocol]';

export class PortSpecError extends Error {}

/** "80" or "8000-8009" → [first, count]. */
function portRange(text: string, whole: string): [number, number] {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!m) throw new PortSpecError(`Not a port mapping: ${whole} (expected ${PORT_SPEC_FORM}, e.g. 8080:80)`);
  const first = Number(m[1]);
  const last = m[2] === undefined ? first : Number(m[2]);
  if (first < 1 || last > 65535) throw new PortSpecError(`Port out of range: ${whole} (1 to 65535)`);
  if (m[2] !== undefined && last <= first) throw new PortSpecError(`Port range does not end after it starts: ${whole}`);
  return [first, last - first + 1];
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6 = /^\[([0-9a-fA-F:.]*:[0-9a-fA-F:.]*)\]$/;

function hostAddress(text: string, whole: string): string {
  if (!text) throw new PortSpecError(`An empty host address: ${whole} (leave out the address and its colon)`);
  const v6 = IPV6.exec(text);
  if (v6) return v6[1];
  const v4 = IPV4.exec(text);
  if (v4 && v4.slice(1).every((o) => Number(o) <= 255)) return text;
  throw new PortSpecError(`Not a host address: ${text} in ${whole} (IPv4, or IPv6 in brackets: [::1])`);
}

/**
 * `[[ip:][hostPort]:]containerPort[/protocol]`, as `podman run -p` reads it: ports or ranges
 * (8000-8009:80-89, both of one length), an empty host port (127.0.0.1::80) or none (80) for a
 * port Podman picks, IPv6 addresses in brackets ([::1]:8080:80), 0.0.0.0 meaning every address,
 * protocol tcp (default), udp or sctp.
 */
export function parsePortSpec(text: string): PortMappingSpec {
  const whole = text.trim();
  const slash = whole.lastIndexOf('/');
  const protocol = (slash < 0 ? 'tcp' : whole.slice(slash + 1).toLowerCase()) as PortMappingSpec['protocol'];
  if (!['tcp', 'udp', 'sctp'].includes(protocol)) {
    throw new PortSpecError(`Not a protocol: ${whole.slice(slash + 1)} in ${whole} (tcp, udp or sctp)`);
  }
  const ports = slash < 0 ? whole : whole.slice(0, slash);
  const lastColon = ports.lastIndexOf(':');
  const [containerPort, count] = portRange(ports.slice(lastColon + 1), whole);
  const spec: PortMappingSpec = { container_port: containerPort, protocol };
  if (lastColon >= 0) {
    const prefix = ports.slice(0, lastColon);
    // The host port follows the last colon outside brackets; what is before it is the address.
    if (prefix.endsWith(']')) {
      throw new PortSpecError(`A host address needs a host port, or an empty one: ${whole} (e.g. [::1]::80)`);
    }
    const hostColon = prefix.lastIndexOf(':');
    const ip = hostColon < 0 ? undefined : prefix.slice(0, hostColon);
    const hostPort = prefix.slice(hostColon + 1);
    if (ip !== undefined) {
      const address = hostAddress(ip, whole);
      // Like podman run: 0.0.0.0 is left unset (every address; CNI treats the two differently).
      if (address !== '0.0.0.0') spec.host_ip = address;
    }
    if (hostPort) {
      const [first, hostCount] = portRange(hostPort, whole);
      if (hostCount !== count) {
        throw new PortSpecError(`Host and container port ranges differ in length: ${whole} (${hostCount} vs ${count})`);
      }
      spec.host_port = first;
    }
  }
  if (count > 1) spec.range = count;
  return spec;
}

/** Several mappings separated by blanks or commas; throws on the first bad one. */
export function parsePortSpecs(text: string): PortMappingSpec[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((p) => parsePortSpec(p));
}

/** Whether `text` is one port mapping `podman run -p` accepts. */
export function isPortSpec(text: string): boolean {
  try {
    parsePortSpec(text);
    return true;
  } catch {
    return false;
  }
}
