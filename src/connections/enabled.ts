// Which connections are enabled (kept live at once), with no vscode import: the remembered set
// plus the active one, in the order endpoints were discovered.
import type { Endpoint } from '../podman/discovery';

/**
 * The enabled endpoint ids, in discovery order: the active one always, plus every remembered id
 * that is still discovered. An id remembered but not found now is kept in the memory (the socket
 * may come back) but not shown.
 */
export function enabledIds(endpoints: readonly Endpoint[], remembered: readonly string[], activeId?: string): string[] {
  const want = new Set(remembered);
  if (activeId) want.add(activeId);
  return endpoints.filter((e) => want.has(e.id)).map((e) => e.id);
}

/** The remembered set after enabling (`on`) or disabling an id. */
export function toggleEnabled(remembered: readonly string[], id: string, on: boolean): string[] {
  const rest = remembered.filter((x) => x !== id);
  return on ? [...rest, id] : rest;
}

/**
 * Finds an endpoint by id or label (launch.json and task definitions name a connection either
 * way; case-insensitive for labels).
 */
export function findEndpoint<T extends { endpoint: Endpoint }>(list: readonly T[], idOrLabel: string): T | undefined {
  const want = idOrLabel.trim();
  return (
    list.find((s) => s.endpoint.id === want) ??
    list.find((s) => s.endpoint.uri === want) ??
    list.find((s) => s.endpoint.label.toLowerCase() === want.toLowerCase())
  );
}
