// Labels with a meaning across features: the ones the workbench puts on what it creates (the
// explorer hides the debugger's containers) and the ones it reads from other tools.

/** On every container and image the debugger creates; its value says which (sidecar, launch, base). */
export const SIDECAR_LABEL = 'io.podman-workbench.debug';
/** On a debug sidecar: the id of the container it attaches to. */
export const SIDECAR_TARGET_LABEL = `${SIDECAR_LABEL}.target`;

/** Compose project of a container (docker compose, podman-compose). */
export const COMPOSE_PROJECT_LABELS = ['com.docker.compose.project', 'io.podman.compose.project'];
