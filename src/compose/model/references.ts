// What the model can check once loaded: references to services, networks, volumes, secrets and
// configs that are not defined, and depends_on cycles, each reported at the referring value.
import type { IssueSink } from './normalize';
import type { ComposeProject } from './types';

function checkService(project: ComposeProject, name: string, sink: IssueSink): void {
  const s = project.services[name];
  const at = ['services', name];
  for (const dep of Object.keys(s.dependsOn)) {
    if (!project.services[dep] && s.dependsOn[dep].required) {
      sink.add('error', `depends_on: the service "${dep}" is not defined`, [...at, 'depends_on', dep]);
    }
  }
  for (const net of Object.keys(s.networks)) {
    if (!project.networks[net]) {
      sink.add('error', `The network "${net}" is not defined in networks:`, [...at, 'networks', net]);
    }
  }
  s.volumes.forEach((v, i) => {
    if (v.type === 'volume' && v.source && !project.volumes[v.source]) {
      sink.add('error', `The volume "${v.source}" is not defined in volumes:`, [...at, 'volumes', i]);
    }
  });
  for (const kind of ['secrets', 'configs'] as const) {
    s[kind].forEach((r, i) => {
      if (!project[kind][r.source]) {
        sink.add('error', `The ${kind.slice(0, -1)} "${r.source}" is not defined in ${kind}:`, [...at, kind, i]);
      }
    });
  }
  if (!s.image && !s.build) sink.add('error', `The service "${name}" has neither image nor build.`, at);
}

/** depends_on cycles, each reported once at the service that closes it. */
function checkCycles(project: ComposeProject, sink: IssueSink): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, chain: string[]): void => {
    if (state.get(name) === 'done' || !project.services[name]) return;
    if (state.get(name) === 'visiting') {
      const cycle = [...chain.slice(chain.indexOf(name)), name];
      sink.add('error', `depends_on makes a cycle: ${cycle.join(' → ')}`, [
        'services',
        chain[chain.length - 1],
        'depends_on',
      ]);
      return;
    }
    state.set(name, 'visiting');
    for (const dep of Object.keys(project.services[name].dependsOn)) visit(dep, [...chain, name]);
    state.set(name, 'done');
  };
  for (const name of Object.keys(project.services)) visit(name, []);
}

export function checkReferences(project: ComposeProject, sink: IssueSink): void {
  for (const name of Object.keys(project.services)) checkService(project, name, sink);
  for (const [kind, section] of [
    ['secret', project.secrets],
    ['config', project.configs],
  ] as const) {
    for (const r of Object.values(section)) {
      if (!r.external && !r.file && !r.environment && r.content === undefined) {
        sink.add('error', `The ${kind} "${r.key}" needs file:, environment:, content: or external:`, [
          `${kind}s`,
          r.key,
        ]);
      }
    }
  }
  checkCycles(project, sink);
}
