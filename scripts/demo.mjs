// The demo `npm start` shows a newcomer: a small workspace made outside the repo (a Containerfile
// with a build task, a Quadlet .container unit using a .network unit, multi-document Kubernetes
// YAML, a Compose project, and a Go program with a launch.json that attaches to it), and, in a
// sandboxed Podman only,
// the demo objects: a pod with two containers, a standalone container and the Go program running
// in a container of its own (built with debug information, so the attach really works).
// It runs go and the sandbox's podman CLI, always with argument arrays.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { BUSYBOX_IMAGE, podman } from './podman-sandbox.mjs';
import { freePort } from './code-server.mjs';

const execFileP = promisify(execFile);

/** Where the demo workspace lives: the tool cache, outside the repo, kept across runs. */
export function demoWorkspaceDir() {
  const cache = process.env.PODMAN_WORKBENCH_CACHE ?? join(homedir(), '.cache', 'podman-workbench');
  return join(cache, 'demo-workspace');
}

export const DEMO_IMAGE = 'localhost/demo-ticker:latest';
export const DEMO_GO_CONTAINER = 'demo-ticker';
/** The compose demo's web image: the sandbox has it (a tag of its busybox); your Podman pulls it. */
export const COMPOSE_WEB_IMAGE = 'docker.io/library/busybox:latest';

const README = `# Podman Workbench demo

A small workspace to try every feature of the extension in a minute. \`npm start\` made it and
keeps your edits: a file is written again only when it is missing.

| try | how |
|---|---|
| Connect | the **Podman** view in the activity bar; **Connections** lists every endpoint found |
| Explore | **Containers**: \`demo-pod\` with \`demo-web\` and \`demo-worker\`, \`demo-standalone\`, \`${DEMO_GO_CONTAINER}\`; right-click for logs, shell, inspect… |
| Build | open \`Containerfile\` (diagnostics, completion, hover), then **Terminal → Run Task… → podman-build: build demo image** or **Podman: Build Image** |
| Quadlet | open \`quadlet/demo.container\` (it uses \`quadlet/demo.network\`), then **Podman: Quadlet: Preview Generated Unit** |
| Kubernetes | open \`kube/demo.yaml\` (three documents) and click **Play** above it; **Down** removes it |
| Compose | open \`compose.yaml\` and click **Up** above it: the \`demo-compose\` project appears under **Containers**; **Down** removes it; **Podman: Compose: Convert to Quadlet Units** previews its units |
| Monitor | right-click a running container → **Show Container Stats** or **Show Container Processes**; **Podman: Show Events**, **Podman: Show Disk Usage** |
| Images | **Podman: Pull Image…**; the **Registries** view lists the registries you use; right-click an image → **Show Image Layers** |
| Debug | set a breakpoint in \`main.go\` (inside \`work\`), then **Run and Debug → Attach to ${DEMO_GO_CONTAINER}** (F5) |

## Where the demo containers come from

- **With the sandboxed Podman** (\`npm start\` on a machine without a Podman socket of its own),
  the demo pod, its two containers, \`demo-standalone\` and \`${DEMO_GO_CONTAINER}\` (this \`main.go\`,
  built with \`go build -gcflags=all=-N -l\`) exist from the start; Ctrl-C removes them all.
- **With your own Podman**, \`npm start\` creates nothing in it: your Podman is yours. The
  attach in \`.vscode/launch.json\` names a container you start yourself:

  \`\`\`sh
  CGO_ENABLED=0 go build -gcflags='all=-N -l' -o bin/ticker .
  podman build -t ${DEMO_IMAGE} .          # or the podman-build task
  podman run -d --name ${DEMO_GO_CONTAINER} ${DEMO_IMAGE}
  \`\`\`

  \`kube/demo.yaml\`, \`compose.yaml\` and \`quadlet/demo.container\` use that image too (the
  Compose project's \`web\` service uses \`${COMPOSE_WEB_IMAGE}\`, which Up pulls when it is missing).
`;

const MAIN_GO = `// The demo program: counts forever, one line every half second. Set a breakpoint in work and
// attach with "Attach to ${DEMO_GO_CONTAINER}" (.vscode/launch.json).
package main

import (
	"fmt"
	"time"
)

type counter struct {
	total int
	label string
}

func work(c *counter, i int) int {
	doubled := i * 2 // a good line for a breakpoint
	c.total += doubled
	return doubled
}

func main() {
	c := &counter{label: "demo"}
	for i := 0; ; i++ {
		v := work(c, i)
		fmt.Println(c.label, "tick", i, "doubled", v, "total", c.total)
		time.Sleep(500 * time.Millisecond)
	}
}
`;

const CONTAINERFILE = `# The demo program's image: the Go binary that npm start (or the README's go build) put in bin/.
# Build it with the podman-build task (Terminal > Run Task...) or Podman: Build Image.
ARG VERSION=0.1

FROM scratch AS runtime
ARG VERSION
LABEL org.opencontainers.image.title="demo-ticker" \\
      org.opencontainers.image.version="\${VERSION}"
COPY bin/ticker /app/ticker
WORKDIR /app
CMD ["/app/ticker"]
`;

const TASKS = {
  version: '2.0.0',
  tasks: [
    {
      type: 'podman-build',
      label: 'build demo image',
      file: 'Containerfile',
      context: '.',
      tag: DEMO_IMAGE,
      buildArgs: { VERSION: '0.2' },
    },
  ],
};

const LAUNCH = {
  version: '0.2.0',
  configurations: [
    {
      type: 'podman',
      request: 'attach',
      name: `Attach to ${DEMO_GO_CONTAINER}`,
      container: DEMO_GO_CONTAINER,
      localRoot: '${workspaceFolder}',
    },
  ],
};

// Quadlet arrived in Podman 4.4 and the sandbox runs Debian 12's 4.3: the units are checked and
// previewed for the Podman that runs them under systemd instead of for the connected one.
const SETTINGS = `{
  // The Quadlet units here are written for Podman 5.4's generator: checks and the preview follow it
  // instead of the connected Podman's version. Set "auto" to follow the connected Podman.
  "podman.quadlet.podmanVersion": "5.4"
}
`;

const QUADLET_CONTAINER = `# A Quadlet unit: systemd runs the demo program in a container on the demo network.
# Podman: Quadlet: Preview Generated Unit shows the service Podman's generator makes of it.
[Unit]
Description=The demo ticker

[Container]
Image=${DEMO_IMAGE}
ContainerName=demo-quadlet
Network=demo.network
Environment=GREETING=hello
Label=app=demo

[Service]
Restart=on-failure

[Install]
WantedBy=default.target
`;

const QUADLET_NETWORK = `# The network demo.container joins (Network=demo.network).
[Network]
Subnet=10.89.70.0/24
Label=app=demo
`;

const KUBE_YAML = `# Three Kubernetes objects: Play (above) runs them on Podman, Down removes them.
apiVersion: v1
kind: ConfigMap
metadata:
  name: demo-kube-config
data:
  GREETING: hello
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: demo-kube-data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 1Gi}
---
apiVersion: v1
kind: Pod
metadata:
  name: demo-kube
  labels: {app: demo}
spec:
  containers:
  - name: ticker
    image: ${DEMO_IMAGE}
    imagePullPolicy: Never
    envFrom:
    - configMapRef: {name: demo-kube-config}
    volumeMounts:
    - {name: data, mountPath: /data}
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: demo-kube-data}
`;

const COMPOSE_YAML = `# A Compose project, run through the Podman socket: Up (above) starts it, Down removes it.
name: demo-compose
services:
  web:
    image: ${COMPOSE_WEB_IMAGE}
    command: [httpd, -f, -p, "8080", -h, /etc]
    healthcheck:
      test: [CMD, busybox, wget, -q, -O, /dev/null, http://127.0.0.1:8080/hostname]
      interval: 5s
      retries: 3
  ticker:
    image: ${DEMO_IMAGE}
    pull_policy: never
    depends_on:
      web:
        condition: service_healthy
    environment:
      GREETING: hello
    volumes:
      - ticker-data:/data
volumes:
  ticker-data:
`;

/** The workspace's files, by path relative to its root. */
export const DEMO_FILES = {
  'README.md': README,
  'main.go': MAIN_GO,
  'go.mod': 'module example.com/demo-ticker\n\ngo 1.19\n',
  Containerfile: CONTAINERFILE,
  '.containerignore': '.vscode\nkube\nquadlet\ncompose.yaml\nREADME.md\n',
  '.vscode/tasks.json': `${JSON.stringify(TASKS, null, 2)}\n`,
  '.vscode/launch.json': `${JSON.stringify(LAUNCH, null, 2)}\n`,
  '.vscode/settings.json': SETTINGS,
  'quadlet/demo.container': QUADLET_CONTAINER,
  'quadlet/demo.network': QUADLET_NETWORK,
  'kube/demo.yaml': KUBE_YAML,
  'compose.yaml': COMPOSE_YAML,
};

/** Writes the demo workspace's files that are missing (the user's edits are kept). Returns its path. */
export function writeDemoWorkspace(dir = demoWorkspaceDir()) {
  for (const [rel, text] of Object.entries(DEMO_FILES)) {
    const file = join(dir, rel);
    if (existsSync(file)) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

/** Builds the workspace's Go program with full debug information into bin/ticker (static). */
export async function buildDemoProgram(dir = demoWorkspaceDir()) {
  const binary = join(dir, 'bin', 'ticker');
  mkdirSync(dirname(binary), { recursive: true });
  await execFileP('go', ['build', '-gcflags=all=-N -l', '-o', binary, '.'], {
    cwd: dir,
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
  });
  return binary;
}

const exists = (dir, args) =>
  podman(dir, args).then(
    () => true,
    () => false,
  );

/** A pod with a web server and a worker, published on a free port of 127.0.0.1. */
async function createDemoPod(dir, port) {
  if (await exists(dir, ['pod', 'exists', 'demo-pod'])) return;
  await podman(dir, ['pod', 'create', '--name', 'demo-pod', '-p', `127.0.0.1:${port}:8080`]);
  const web = ['httpd', '-f', '-p', '8080', '-h', '/etc'];
  await podman(dir, ['run', '-d', '--pod', 'demo-pod', '--name', 'demo-web', BUSYBOX_IMAGE, ...web]);
  const worker = ['sh', '-c', 'while true; do date; sleep 5; done'];
  await podman(dir, ['run', '-d', '--pod', 'demo-pod', '--name', 'demo-worker', BUSYBOX_IMAGE, ...worker]);
}

/** The demo program's image, built from the workspace's Containerfile, and its container. */
async function createDemoProgram(dir, workspace) {
  await buildDemoProgram(workspace);
  await podman(dir, ['build', '--tag', DEMO_IMAGE, '--file', join(workspace, 'Containerfile'), workspace], {
    timeoutMs: 300_000,
  });
  if (await exists(dir, ['container', 'exists', DEMO_GO_CONTAINER])) return;
  await podman(dir, ['run', '-d', '--name', DEMO_GO_CONTAINER, '--label', 'app=demo', DEMO_IMAGE]);
}

/**
 * Creates the demo objects in the sandboxed Podman at `dir` (never in the user's own Podman): a pod
 * with two containers, a standalone container and, when `opts.workspace` is given, the demo
 * program's container built from that workspace.
 */
export async function createDemo(dir, opts = {}) {
  await podman(dir, ['tag', BUSYBOX_IMAGE, COMPOSE_WEB_IMAGE]);
  await createDemoPod(dir, opts.port ?? (await freePort()));
  if (!(await exists(dir, ['container', 'exists', 'demo-standalone']))) {
    const args = ['run', '-d', '--name', 'demo-standalone', '--label', 'app=demo', BUSYBOX_IMAGE];
    await podman(dir, [...args, 'sleep', 'infinity']);
  }
  if (opts.workspace) await createDemoProgram(dir, opts.workspace);
}
