// Parsing of the "Run Image" quick inputs into a libpod container spec (structured: no shell).

export interface PortMappingSpec {
  host_ip?: string;
  host_port: number;
  container_port: number;
  protocol: string;
}

/** "8080:80, 127.0.0.1:9000:90/udp 5000" → port mappings. Throws with a message on bad input. */
export function parsePorts(text: string): PortMappingSpec[] {
  const out: PortMappingSpec[] = [];
  for (const raw of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(?:(\d{1,5}):)?(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(
      raw,
    );
    if (!m) throw new Error(`Not a port mapping: ${raw} (expected HOST:CONTAINER, e.g. 8080:80)`);
    const host = m[2] !== undefined ? Number(m[2]) : Number(m[3]);
    const ctr = Number(m[3]);
    if (host < 1 || host > 65535 || ctr < 1 || ctr > 65535) throw new Error(`Port out of range: ${raw}`);
    out.push({
      ...(m[1] ? { host_ip: m[1].replace(/^\[|\]$/g, '') } : {}),
      host_port: host,
      container_port: ctr,
      protocol: m[4] ?? 'tcp',
    });
  }
  return out;
}

/** "KEY=VAL" (value kept verbatim, any character) → [key, value]. */
export function parseEnvEntry(text: string): [string, string] {
  const i = text.indexOf('=');
  const key = i < 0 ? text : text.slice(0, i);
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) throw new Error(`Not an environment variable name: ${key}`);
  return [key, i < 0 ? '' : text.slice(i + 1)];
}

export interface RunInput {
  image: string;
  name?: string;
  ports?: PortMappingSpec[];
  env?: Record<string, string>;
  labels?: Record<string, string>;
  command?: string[];
}

/** The libpod SpecGenerator body for POST /libpod/containers/create. */
export function buildRunSpec(i: RunInput): Record<string, unknown> {
  return {
    image: i.image,
    ...(i.name ? { name: i.name } : {}),
    ...(i.ports?.length ? { portmappings: i.ports } : {}),
    ...(i.env && Object.keys(i.env).length ? { env: i.env } : {}),
    ...(i.labels && Object.keys(i.labels).length ? { labels: i.labels } : {}),
    ...(i.command?.length ? { command: i.command } : {}),
  };
}

/** Container names Podman accepts. */
export const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
