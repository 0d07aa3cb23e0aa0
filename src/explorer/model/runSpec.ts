// Parsing of the "Run Image" quick inputs into a libpod container spec (structured: no shell).
import { parsePortSpecs, type PortMappingSpec } from '../../podman/ports';
import type { ContainerCreateSpec } from '../../podman/spec';

/** "8080:80, 127.0.0.1:9000:90/udp 5000" → port mappings (`podman run -p` rules). Throws with a message on bad input. */
export function parsePorts(text: string): PortMappingSpec[] {
  return parsePortSpecs(text);
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
export function buildRunSpec(i: RunInput): ContainerCreateSpec {
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
