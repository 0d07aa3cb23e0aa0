// The contextValue of every explorer tree item, in one place. package.json menus match these
// with anchored regexes (by convention: keep the two in step), e.g.
//   viewItem =~ /^podman\.container\.(running|paused)$/
import type { ContainerState } from '../../podman/models';

export const CTX = {
  containerRunning: 'podman.container.running',
  containerPaused: 'podman.container.paused',
  containerExited: 'podman.container.exited',
  containerCreated: 'podman.container.created',
  /** stopping, removing, unknown: no action but remove/inspect makes sense. */
  containerTransient: 'podman.container.transient',
  podRunning: 'podman.pod.running',
  podDegraded: 'podman.pod.degraded',
  podPaused: 'podman.pod.paused',
  podExited: 'podman.pod.exited',
  podCreated: 'podman.pod.created',
  compose: 'podman.compose',
  image: 'podman.image',
  imageDangling: 'podman.image.dangling',
  danglingGroup: 'podman.imageGroup.dangling',
  volume: 'podman.volume',
  network: 'podman.network',
  problem: 'podman.problem',
  /** The root of a connection's objects when several connections are enabled. */
  connectionRoot: 'podman.connectionRoot',
} as const;

export type ContextValue = (typeof CTX)[keyof typeof CTX];

/**
 * The container patterns the Start and Stop menus of package.json use (their `when` holds
 * `viewItem =~ /<source>/`; a unit test keeps the two in step).
 */
export const MENU_PATTERNS = {
  startable: /^podman\.container\.(exited|created)$/,
  stoppable: /^podman\.container\.(running|paused)$/,
} as const;

export type ContainerDisplayState = 'running' | 'paused' | 'exited' | 'created' | 'transient';

export function containerDisplayState(s: ContainerState): ContainerDisplayState {
  switch (s) {
    case 'running':
      return 'running';
    case 'paused':
      return 'paused';
    case 'exited':
    case 'stopped':
      return 'exited';
    case 'created':
    case 'configured':
    case 'initialized':
      return 'created';
    default:
      return 'transient';
  }
}

export function containerContext(s: ContainerState): ContextValue {
  return `podman.container.${containerDisplayState(s)}` as ContextValue;
}

export type PodDisplayState = 'running' | 'degraded' | 'paused' | 'exited' | 'created';
export function podContext(s: PodDisplayState): ContextValue {
  return `podman.pod.${s}` as ContextValue;
}
