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

/** Services in reverse dependency order (dependents first), for stopping and removing. */
export function stopOrder(project: ComposeProject, names: string[]): string[] {
  const order = selectServices(project, {
    services: names.length ? names : Object.keys(project.services),
    profiles: ['*'],
  });
  return order.filter((n) => names.length === 0 || names.includes(n)).reverse();
}
