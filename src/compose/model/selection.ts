// Which services an operation acts on (profiles, services named on the command line, and what
// they depend on) and in what order (dependencies first), as Compose decides it.
import type { ComposeProject } from './types';

export interface Selection {
  /** Services named explicitly (their profiles are then enabled for them). */
  services?: string[];
  /** Active profiles (COMPOSE_PROFILES joins these). */
  profiles?: string[];
}

export class SelectionError extends Error {}

/** Active profiles: the given ones, or COMPOSE_PROFILES of the project environment. */
export function activeProfiles(project: ComposeProject, selection: Selection): string[] {
  if (selection.profiles?.length) return selection.profiles;
  return (project.environment.COMPOSE_PROFILES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Whether a service runs with these profiles: no profiles, or one of them active ("*" = all). */
export function isEnabled(project: ComposeProject, name: string, profiles: string[]): boolean {
  const own = project.services[name]?.profiles ?? [];
  return own.length === 0 || profiles.includes('*') || own.some((p) => profiles.includes(p));
}

/**
 * The services to act on, dependencies first. Named services bring their dependencies; a
 * required dependency that is disabled by its profiles is enabled too (as Compose does for one
 * named), an unknown named service is an error.
 */
export function selectServices(project: ComposeProject, selection: Selection = {}): string[] {
  const profiles = activeProfiles(project, selection);
  const named = selection.services?.length ? selection.services : undefined;
  for (const n of named ?? []) {
    if (!project.services[n]) throw new SelectionError(`No service "${n}" in the project ${project.name}.`);
  }
  const roots = named ?? Object.keys(project.services).filter((n) => isEnabled(project, n, profiles));
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const service = project.services[name];
    if (!service) return;
    for (const [dep, d] of Object.entries(service.dependsOn)) {
      if (!project.services[dep]) continue;
      if (!named && !isEnabled(project, dep, profiles) && d.required) {
        throw new SelectionError(
          `The service "${name}" depends on "${dep}", which is not enabled by the profiles (${project.services[dep].profiles.join(', ')}).`,
        );
      }
      visit(dep);
    }
    order.push(name);
  };
  for (const r of roots) visit(r);
  return order;
}

/**
 * Compose's stop order: the services in levels, dependents before what they depend on. The
 * services of one level depend on none of the others of that level or after it, so they stop at
 * once; a level starts once the one before it has stopped. A cycle's back edge is ignored (a file
 * with errors: Up refuses it, Stop and Down must still end). `names` limits it to those services
 * (all when empty).
 */
export function stopOrder(project: ComposeProject, names: string[]): string[][] {
  const order = selectServices(project, {
    services: names.length ? names : Object.keys(project.services),
    profiles: ['*'],
  })
    .filter((n) => names.length === 0 || names.includes(n))
    .reverse();
  const level = new Map<string, number>();
  const levels: string[][] = [];
  for (const name of order) {
    // Its dependents come before it in `order`, so theirs are known; a later one is a back edge.
    let own = 0;
    for (const [dependent, at] of level) {
      if (name in (project.services[dependent]?.dependsOn ?? {})) own = Math.max(own, at + 1);
    }
    level.set(name, own);
    (levels[own] ??= []).push(name);
  }
  return levels;
}
