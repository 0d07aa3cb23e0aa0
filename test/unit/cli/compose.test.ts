// podman-workbench check on compose files and `compose convert`: exit statuses, output, and
// files never overwritten. The first case goes through the real entry (src/tools.ts, what
// dist/cli.js runs); the others call the same main() in this process (a process each is slow).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';

/** main() with its output captured, shaped like spawnSync's result. */
async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/tools.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });

const GOOD = `name: demo
services:
  web:
    image: docker.io/library/nginx:alpine
    ports: ["8080:80"]
    depends_on:
      api:
        condition: service_healthy
  api:
    image: docker.io/library/busybox
    command: ["httpd", "-f", "-p", "8000"]
    healthcheck:
      test: ["CMD", "true"]
    volumes: [data:/data]
    stop_grace_period: 20s
    oom_score_adj: 5
volumes:
  data: {}
`;

describe('podman-workbench on compose files', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pw-compose-cli-'));
    writeFileSync(join(dir, 'compose.yaml'), GOOD);
    writeFileSync(
      join(dir, 'docker-compose.yml'),
      'services:\r\n  web:\r\n    image: nginx\r\n    depends_on: [db]\r\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('check: a clean compose file exits 0, one with errors exits 1 with positions', () => {
    const ok = cli(['check', join(dir, 'compose.yaml')]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.equal(ok.stdout, '');
    const bad = cli(['check', join(dir, 'docker-compose.yml')]);
    assert.equal(bad.status, 1);
    assert.equal(
      bad.stdout.replace(dir + '/', ''),
      "docker-compose.yml:4:18: error: service 'db' is not defined under services [compose.undefined-service]\n",
    );
  });

  it('convert --to quadlet prints every unit and warns on stderr about what it left out', async () => {
    const r = await run(['compose', 'convert', '--to', 'quadlet', join(dir, 'compose.yaml')]);
    assert.equal(r.status, 0, r.stderr);
    const names = [...r.stdout.matchAll(/^# ==> (.+) <==$/gm)].map((m) => m[1]);
    assert.deepEqual(names, ['demo-default.network', 'demo-data.volume', 'web.container', 'api.container']);
    assert.match(r.stdout, /Requires=api\.service\nAfter=api\.service/);
    assert.match(r.stdout, /Notify=healthy/);
    assert.match(r.stderr, /warning: services\.api\.oom_score_adj: Quadlet cannot express this; left out/);
  });

  it('convert --to kube --pod gives one Pod and a claim', async () => {
    const r = await run(['compose', 'convert', '--to=kube', '--pod', join(dir, 'compose.yaml')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /kind: PersistentVolumeClaim[\s\S]*kind: Pod\n/);
    assert.doesNotMatch(r.stdout, /kind: Deployment/);
  });

  it('convert --out writes the files, and never over a different file without --force', async () => {
    const out = join(dir, 'units');
    const first = await run(['compose', 'convert', '--to', 'quadlet', '--out', out, join(dir, 'compose.yaml')]);
    assert.equal(first.status, 0, first.stderr);
    assert.ok(existsSync(join(out, 'web.container')));
    writeFileSync(join(out, 'web.container'), '[Container]\nImage=mine\n');
    const again = await run(['compose', 'convert', '--to', 'quadlet', '--out', out, join(dir, 'compose.yaml')]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /not overwriting .*web\.container: they exist and differ \(use --force\)/);
    assert.equal(readFileSync(join(out, 'web.container'), 'utf8'), '[Container]\nImage=mine\n');
    const forced = await run([
      'compose',
      'convert',
      '--to',
      'quadlet',
      '--force',
      '--out',
      out,
      join(dir, 'compose.yaml'),
    ]);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(readFileSync(join(out, 'web.container'), 'utf8'), /Image=docker\.io\/library\/nginx:alpine/);
  });

  it('convert refuses a compose file with errors, naming them; usage errors exit 2', async () => {
    const r = await run(['compose', 'convert', '--to', 'kube', join(dir, 'docker-compose.yml')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /docker-compose\.yml:4:18: error: service 'db' is not defined.*\n.*not converted/);
    assert.equal(r.stdout, '');
    const usage = await run(['compose', 'convert', '--to', 'helm', join(dir, 'compose.yaml')]);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--to needs quadlet or kube, not 'helm'/);
  });
});
