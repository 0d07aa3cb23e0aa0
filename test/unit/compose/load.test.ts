// Loading compose projects from real files: default names and overrides, -f merges by the spec's
// rules, !reset/!override, include, extends, env_file, .env, project names, profiles, and
// errors at their file positions, under LF and CRLF.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hasErrors, loadProject, selectServices, SelectionError, stopOrder } from '../../../src/compose/model';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A project folder named `name` holding these files (text with \n turned into `eol`). */
function project(files: Record<string, string>, eol = '\n', name = 'My.App'): string {
  const root = mkdtempSync(join(tmpdir(), 'compose-load-'));
  roots.push(root);
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text.replaceAll('\n', eol));
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const errors = (p: ReturnType<typeof loadProject>) =>
  p.issues.filter((i) => i.severity === 'error').map((i) => i.message);

for (const eol of ['\n', '\r\n']) {
  describe(`compose loader (${JSON.stringify(eol)})`, () => {
    it('finds compose.yaml and its override, names the project after the folder, merges by the rules', () => {
      const dir = project(
        {
          'compose.yaml': [
            'services:',
            '  web:',
            '    image: nginx:${TAG:-latest}',
            '    command: ["a", "b"]',
            '    environment: [A=1, B=2]',
            '    ports: ["8080:80", "9090:90"]',
            '    volumes: ["data:/data", "./src:/src:ro"]',
            '    cap_add: [NET_ADMIN]',
            '    labels: {x: "1"}',
            'volumes:',
            '  data: {}',
          ].join('\n'),
          'compose.override.yaml': [
            'services:',
            '  web:',
            '    command: ["c"]',
            '    environment: {B: "3", C: "4"}',
            '    ports: ["8080:80", "7070:70"]',
            '    volumes: ["other:/data"]',
            '    cap_add: [SYS_TIME]',
            'volumes:',
            '  other: {}',
          ].join('\n'),
          '.env': 'TAG=1.25\n',
        },
        eol,
      );
      const p = loadProject({ workingDir: dir, env: {} });
      assert.deepEqual(errors(p), []);
      assert.equal(p.name, 'myapp');
      assert.deepEqual(p.files, [join(dir, 'compose.yaml'), join(dir, 'compose.override.yaml')]);
      const web = p.services.web;
      assert.equal(web.image, 'nginx:1.25');
      assert.deepEqual(web.command, ['c']);
      assert.deepEqual(web.environment, { A: '1', B: '3', C: '4' });
      assert.deepEqual(
        web.ports.map((x) => `${x.published}:${x.target}`),
        ['8080:80', '9090:90', '7070:70'],
      );
      assert.deepEqual(
        web.volumes.map((v) => [v.type, v.source, v.target, v.readOnly]),
        [
          ['volume', 'other', '/data', false],
          ['bind', join(dir, 'src'), '/src', true],
        ],
      );
      assert.deepEqual(web.capAdd, ['NET_ADMIN', 'SYS_TIME']);
      assert.equal(p.volumes.other.name, 'myapp_other');
      assert.equal(p.networks.default.name, 'myapp_default');
    });

    it('!reset clears and !override replaces', () => {
      const dir = project(
        {
          'a.yaml': 'services:\n  app:\n    image: x\n    ports: ["80:80"]\n    environment: {FOO: bar, KEEP: k}\n',
          'b.yaml': 'services:\n  app:\n    ports: !override ["443:443"]\n    environment:\n      FOO: !reset null\n',
          'c.yaml': 'services:\n  app:\n    ports: !reset []\n',
        },
        eol,
      );
      const ab = loadProject({ workingDir: dir, files: ['a.yaml', 'b.yaml'], env: {} });
      assert.deepEqual(
        ab.services.app.ports.map((x) => x.target),
        [443],
      );
      assert.deepEqual(ab.services.app.environment, { KEEP: 'k' });
      const ac = loadProject({ workingDir: dir, files: ['a.yaml', 'c.yaml'], env: {} });
      assert.deepEqual(ac.services.app.ports, []);
    });

    it('project name: -p over COMPOSE_PROJECT_NAME over name: over the folder', () => {
      const dir = project({ 'compose.yaml': 'name: From-File\nservices:\n  a: {image: x}\n' }, eol);
      assert.equal(loadProject({ workingDir: dir, env: {} }).name, 'from-file');
      assert.equal(loadProject({ workingDir: dir, env: { COMPOSE_PROJECT_NAME: 'envname' } }).name, 'envname');
      assert.equal(
        loadProject({ workingDir: dir, env: { COMPOSE_PROJECT_NAME: 'e' }, projectName: 'Opt' }).name,
        'opt',
      );
    });

    it('the host environment wins over .env; env_file under environment; KEY alone from the environment', () => {
      const dir = project(
        {
          'compose.yaml':
            'services:\n  a:\n    image: "busybox:${V}"\n    env_file: [app.env, {path: missing.env, required: false}]\n    environment: [OWN=1, FROMHOST, FROMFILE=over]\n',
          '.env': 'V=fromdotenv\nFROMHOST=dotenv\n',
          'app.env': 'FROMFILE=file\nONLYFILE=${V}\n',
        },
        eol,
      );
      const p = loadProject({ workingDir: dir, env: { V: 'host' } });
      assert.deepEqual(errors(p), []);
      assert.equal(p.services.a.image, 'busybox:host');
      assert.deepEqual(p.services.a.environment, { FROMFILE: 'over', ONLYFILE: 'host', OWN: '1', FROMHOST: 'dotenv' });
    });

    it('extends in the same file and from another file, base values first; a cycle is an error', () => {
      const dir = project(
        {
          'compose.yaml': [
            'services:',
            '  base: {image: busybox, user: root, environment: {TZ: utc, PORT: "80"}, volumes: ["common:/data:rw"]}',
            '  common: {extends: base}',
            '  cli:',
            '    extends: {service: common}',
            '    environment: {PORT: "8080"}',
            '    volumes: ["cli:/data:ro"]',
            '  remote:',
            '    extends: {file: lib/other.yaml, service: tool}',
            'volumes: {common: {}, cli: {}}',
          ].join('\n'),
          'lib/other.yaml': 'services:\n  tool:\n    image: alpine\n    build: ./ctx\n',
        },
        eol,
      );
      const p = loadProject({ workingDir: dir, env: {} });
      assert.deepEqual(errors(p), []);
      const cli = p.services.cli;
      assert.equal(cli.image, 'busybox');
      assert.equal(cli.user, 'root');
      assert.deepEqual(cli.environment, { TZ: 'utc', PORT: '8080' });
      assert.deepEqual(
        cli.volumes.map((v) => [v.source, v.readOnly]),
        [['cli', true]],
      );
      assert.equal(p.services.remote.build?.context, join(dir, 'lib', 'ctx'), 'relative to the extended file');
      const cyc = project(
        { 'compose.yaml': 'services:\n  a: {image: x, extends: b}\n  b: {image: x, extends: a}\n' },
        eol,
      );
      assert.match(errors(loadProject({ workingDir: cyc, env: {} })).join('\n'), /extends makes a cycle/);
    });

    it('include copies the included project resources, resolved against its own folder and .env', () => {
      const dir = project(
        {
          'compose.yaml': 'include:\n  - sub/compose.yaml\nservices:\n  app: {image: x, depends_on: [db]}\n',
          'sub/compose.yaml': 'services:\n  db:\n    image: "db:${DBTAG}"\n    volumes: ["./data:/data"]\n',
          'sub/.env': 'DBTAG=9\n',
        },
        eol,
      );
      const p = loadProject({ workingDir: dir, env: {} });
      assert.deepEqual(errors(p), []);
      assert.equal(p.services.db.image, 'db:9');
      assert.equal(p.services.db.volumes[0].source, join(dir, 'sub', 'data'));
      const clash = project(
        {
          'compose.yaml': 'include: [sub.yaml]\nservices:\n  db: {image: x}\n',
          'sub.yaml': 'services:\n  db: {image: y}\n',
        },
        eol,
      );
      assert.match(
        errors(loadProject({ workingDir: clash, env: {} })).join(),
        /services "db" from included .* is already defined/,
      );
    });

    it('normalizes what the engine reads: depends_on, healthcheck, limits, replicas, durations', () => {
      const dir = project(
        {
          'compose.yaml': [
            'services:',
            '  db:',
            '    image: busybox',
            '    healthcheck: {test: "test -f /ok", interval: 1s, timeout: 500ms, retries: 3, start_period: 1m30s}',
            '    deploy: {resources: {limits: {cpus: "0.5", memory: 64m, pids: 100}}, replicas: 2}',
            '    stop_grace_period: 2s',
            '    x-custom: ignored',
            '    logging: {driver: json-file}',
            '  api:',
            '    image: busybox',
            '    depends_on: {db: {condition: service_healthy}}',
            '    networks: {back: {aliases: [api.internal]}}',
            '    command: sh -c "echo \'hi there\'"',
            'networks: {back: {}}',
          ].join('\n'),
        },
        eol,
      );
      const p = loadProject({ workingDir: dir, env: {} });
      assert.deepEqual(errors(p), []);
      const db = p.services.db;
      assert.deepEqual(db.healthcheck, {
        test: ['CMD-SHELL', 'test -f /ok'],
        intervalNs: 1e9,
        timeoutNs: 5e8,
        startPeriodNs: 90e9,
        retries: 3,
        disable: false,
      });
      assert.deepEqual(db.limits, { cpus: 0.5, memoryBytes: 64 * 1024 * 1024, pids: 100 });
      assert.equal(db.replicas, 2);
      assert.equal(db.stopGracePeriod, 2);
      assert.deepEqual(db.otherKeys, ['logging']);
      const api = p.services.api;
      assert.deepEqual(api.dependsOn, { db: { condition: 'service_healthy', required: true, restart: false } });
      assert.deepEqual(api.networks, {
        back: { aliases: ['api.internal'], ipv4Address: undefined, ipv6Address: undefined },
      });
      assert.equal(api.command, `sh -c "echo 'hi there'"`);
      assert.equal(p.networks.back.name, 'myapp_back');
    });

    it('profiles and named services select what runs, dependencies first', () => {
      const dir = project(
        {
          'compose.yaml': [
            'services:',
            '  web: {image: x, depends_on: [api]}',
            '  api: {image: x, depends_on: [db]}',
            '  db: {image: x}',
            '  debug: {image: x, profiles: [dev]}',
            '  tool: {image: x, profiles: [ops], depends_on: [db]}',
          ].join('\n'),
        },
        eol,
      );
      const p = loadProject({ workingDir: dir, env: {} });
      assert.deepEqual(selectServices(p), ['db', 'api', 'web']);
      assert.deepEqual(selectServices(p, { profiles: ['dev'] }), ['db', 'api', 'web', 'debug']);
      assert.deepEqual(selectServices(p, { services: ['api'] }), ['db', 'api']);
      assert.deepEqual(selectServices(p, { services: ['tool'] }), ['db', 'tool']);
      assert.deepEqual(stopOrder(p, []).flat(), ['tool', 'debug', 'web', 'api', 'db']);
      assert.deepEqual(stopOrder(p, []), [['tool', 'debug', 'web'], ['api'], ['db']], 'each level stops at once');
      assert.throws(() => selectServices(p, { services: ['nope'] }), SelectionError);
      const env = loadProject({ workingDir: dir, env: { COMPOSE_PROFILES: 'ops' } });
      assert.deepEqual(selectServices(env), ['db', 'api', 'web', 'tool']);
    });

    it('errors carry file positions: YAML, interpolation, references, cycles, values', () => {
      const dir = project(
        {
          'compose.yaml': [
            'services:',
            '  a:',
            '    image: "x:${NEED:?set NEED}"',
            '    ports: ["notaport"]',
            '    depends_on: [b, ghost]',
            '    networks: [nowhere]',
            '  b:',
            '    image: x',
            '    depends_on: [a]',
          ].join('\n'),
          'bad.yaml': 'services:\n  a: [unclosed\n',
        },
        eol,
      );
      const p = loadProject({ workingDir: dir, env: {} });
      assert.ok(hasErrors(p));
      const at = (re: RegExp) => {
        const i = p.issues.find((x) => re.test(x.message));
        assert.ok(i, `an issue matching ${re}: ${p.issues.map((x) => x.message).join('; ')}`);
        return [i.range?.line, i.range?.character];
      };
      assert.deepEqual(at(/Required variable NEED is not set: set NEED/), [2, 11]);
      assert.deepEqual(at(/Not a port: notaport/), [3, 12]);
      assert.deepEqual(at(/"ghost" is not defined/), [4, 16]);
      assert.deepEqual(at(/network "nowhere" is not defined/), [5, 14]);
      assert.match(errors(p).join('\n'), /depends_on makes a cycle: (a → b → a|b → a → b)/);
      const bad = loadProject({ workingDir: dir, files: ['bad.yaml'], env: {} });
      assert.match(errors(bad).join(), /Invalid YAML/);
      assert.equal(bad.issues[0].range?.file, join(dir, 'bad.yaml'));
      const none = loadProject({ workingDir: project({}, eol), env: {} });
      assert.match(errors(none).join(), /No compose file in/);
    });

    it('an unset variable is a warning at its value, once per variable', () => {
      const dir = project({ 'compose.yaml': 'services:\n  a:\n    image: "x:${NOPE}"\n    user: $NOPE\n' }, eol);
      const p = loadProject({ workingDir: dir, env: {} });
      const w = p.issues.filter((i) => i.severity === 'warning');
      assert.equal(w.length, 1);
      assert.match(w[0].message, /NOPE is not set/);
      assert.equal(w[0].range?.line, 2);
      assert.equal(p.services.a.image, 'x:');
    });

    it('YAML anchors and merge keys (fragments) are resolved', () => {
      const dir = project(
        {
          'compose.yaml': [
            'x-common: &common',
            '  image: busybox',
            '  environment: {A: "1"}',
            'services:',
            '  one:',
            '    <<: *common',
            '    user: nobody',
            '  two:',
            '    <<: *common',
            '    image: alpine',
          ].join('\n'),
        },
        eol,
      );
      const p = loadProject({ workingDir: dir, env: {} });
      assert.deepEqual(errors(p), []);
      assert.equal(p.services.one.image, 'busybox');
      assert.equal(p.services.one.user, 'nobody');
      assert.equal(p.services.two.image, 'alpine');
      assert.deepEqual(p.services.two.environment, { A: '1' });
    });
  });
}
