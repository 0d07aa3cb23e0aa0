// Types of scripts/demo.mjs (the demo workspace and objects `npm start` shows). From a CommonJS
// TypeScript file, import them with the resolution mode:
//   type DemoModule = typeof import('../../scripts/demo.mjs', { with: { 'resolution-mode': 'import' } });

export const DEMO_IMAGE: string;
export const DEMO_GO_CONTAINER: string;
export const COMPOSE_WEB_IMAGE: string;
/** The workspace's files, by path relative to its root. */
export const DEMO_FILES: Record<string, string>;
export function demoWorkspaceDir(): string;
/** Writes the demo workspace's files that are missing (the user's edits are kept). Returns its path. */
export function writeDemoWorkspace(dir?: string): string;
export function buildDemoProgram(dir?: string): Promise<string>;
export function createDemo(dir: string, opts?: { port?: number; workspace?: string }): Promise<void>;
