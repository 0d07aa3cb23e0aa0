// Walks the fields of a Kubernetes object under Podman's support tables, for the checks (fields
// Podman ignores) and the hovers (what Podman does with the field under the cursor).
// No `vscode` import.
import { isKMap as isMap, isKSeq as isSeq, keyOf, type KMap, type KPair, pair, resolve } from './nodes';
import { type Lookup, lookupField, type Table } from './support';

/**
 * Walks the keys of an object under a support table, switching to the container table in
 * container lists and to the pod table in a workload's template. `visitor` returns true to descend.
 */
export function visitFields(
  map: KMap,
  table: Table,
  prefix: string,
  budget: { left: number },
  visitor: (entry: KPair, table: Table, path: string, lookup: Lookup) => boolean,
): void {
  for (const entry of map.items) {
    if (--budget.left < 0) return;
    const k = keyOf(entry);
    if (!k || k === '<<') continue;
    const path = prefix ? `${prefix}.${k}` : k;
    const value = resolve(entry.value);
    if (table === 'podSpec' && !prefix && (k === 'containers' || k === 'initContainers')) {
      visitor(entry, table, path, lookupField(table, path));
      if (isSeq(value)) {
        for (const it of value.items) {
          const c = resolve(it);
          if (isMap(c)) visitFields(c, 'container', '', budget, visitor);
        }
      }
      continue;
    }
    if (
      (table === 'deploymentSpec' || table === 'daemonSetSpec' || table === 'jobSpec') &&
      !prefix &&
      k === 'template'
    ) {
      visitor(entry, table, path, lookupField(table, path));
      const spec = isMap(value) ? resolve(pair(value, 'spec')?.value) : undefined;
      if (isMap(spec)) visitFields(spec, 'podSpec', '', budget, visitor);
      continue;
    }
    if (!visitor(entry, table, path, lookupField(table, path))) continue;
    if (isMap(value)) visitFields(value, table, path, budget, visitor);
    else if (isSeq(value)) {
      for (const it of value.items) {
        const m = resolve(it);
        if (isMap(m)) visitFields(m, table, path, budget, visitor);
      }
    }
  }
}
