// Quadlet on the remote host, through the product's SSH Quadlet host (src/quadlet/hosts.ts) against
// the real sshd of the test host: units and drop-ins installed over SFTP into the remote user's
// folder (root's and the rootless user's) and the system folder, identical files left alone, a
// different one replaced only when the user says so; systemctl run over an SSH exec.
// The test host has no systemd (nor has this machine), so its `systemctl` is a recorder on its
// PATH (scripts/ssh-host-sandbox.mjs): it proves the argv the remote shell parsed out of the
// exec's command line, byte for byte, for names with quotes, spaces and shell metacharacters.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { scripted, sharedHosts, sshHome, sshUnavailable, stopSharedHosts, type SshHosts } from '../../harness/ssh';
import { SshLink } from '../../../src/podman/ssh/link';
import type { PodmanError } from '../../../src/podman/errors';
import { installUnits, sshQuadletHost, type QuadletHost, type UnitFile } from '../../../src/quadlet/hosts';

const unit = (name: string, text: string): UnitFile => ({ name, content: Buffer.from(text) });
const WEB = unit('web.container', '[Container]\nImage=docker.io/library/busybox\nExec=sleep 600\n');
const DROPIN = unit('web.container.d/10-env.conf', '[Container]\nEnvironment=A=1\n');
// Quotes, a space and shell metacharacters in a file name: SFTP carries it as a string, no shell.
const ODD = unit(`it's "odd" $HOME;|&.container`, '[Container]\nImage=docker.io/library/busybox\n');

describe('ssh: Quadlet on the remote host', { skip: sshUnavailable() }, () => {
  let hosts: SshHosts;
  const opened: { link: SshLink; host: QuadletHost; cleanup(): void }[] = [];
  before(async () => void (hosts = await sharedHosts()));
  after(async () => {
    // Every link is closed, or its socket keeps the test process alive.
    for (const o of opened.splice(0)) {
      o.host.dispose();
      o.link.dispose();
      o.cleanup();
    }
    await stopSharedHosts();
  });

  const hostAs = (user: string): QuadletHost => {
    const env = sshHome({ knownHosts: hosts.knownHosts() });
    const link = new SshLink({
      target: { host: hosts.target.address, user, identityFiles: [hosts.keys.ed25519] },
      env,
      interaction: scripted(),
      handshakeTimeoutMs: 10_000,
    });
    const host = sshQuadletHost(link);
    opened.push({ link, host, cleanup: env.cleanup });
    return host;
  };

  it("installs a unit with its drop-in over SFTP into root's user folder and the system folder", async () => {
    const host = hostAs('root');
    const userDir = '/run/root-config/containers/systemd'; // the test host's XDG_CONFIG_HOME for root
    assert.equal(await host.dir('user'), userDir);
    const written = await installUnits(host, 'user', [WEB, DROPIN, ODD], async () => true);
    assert.deepEqual(
      written,
      [WEB, DROPIN, ODD].map((u) => `${userDir}/${u.name}`),
    );
    for (const u of [WEB, DROPIN, ODD]) {
      assert.deepEqual(hosts.readTargetFile(`${userDir}/${u.name}`), u.content, `${u.name} on the remote host`);
    }
    assert.equal(existsSync(`${userDir}/${WEB.name}`), false, 'written there, not on this machine');

    // Identical files are left alone; a different one is replaced only when the user says so.
    const asked: string[] = [];
    assert.deepEqual(await installUnits(host, 'user', [WEB, DROPIN], async () => true), []);
    const edited = unit(WEB.name, `${WEB.content.toString()}Environment=B=2\n`);
    const kept = await installUnits(host, 'user', [edited], async (dest) => (asked.push(dest), false));
    assert.deepEqual([kept, asked], [[], [`${userDir}/${WEB.name}`]]);
    assert.deepEqual(hosts.readTargetFile(`${userDir}/${WEB.name}`), WEB.content, 'kept as installed');
    assert.deepEqual(await installUnits(host, 'user', [edited], async () => true), [`${userDir}/${WEB.name}`]);
    assert.deepEqual(hosts.readTargetFile(`${userDir}/${WEB.name}`), edited.content);

    const system = await installUnits(host, 'system', [WEB], async () => true);
    assert.deepEqual(system, [`/etc/containers/systemd/${WEB.name}`]);
    assert.deepEqual(hosts.readTargetFile(system[0]), WEB.content);
  });

  it("installs into the rootless user's folder; the system folder refuses that user with the host named", async () => {
    const host = hostAs(hosts.rootlessUser.name);
    const userDir = `/run/user/${hosts.rootlessUser.uid}/config/containers/systemd`;
    assert.deepEqual(await installUnits(host, 'user', [WEB], async () => true), [`${userDir}/${WEB.name}`]);
    assert.deepEqual(hosts.readTargetFile(`${userDir}/${WEB.name}`), WEB.content);
    await assert.rejects(
      installUnits(host, 'system', [DROPIN], async () => true),
      (e: PodmanError) => {
        assert.match(e.message, new RegExp(`^${hosts.rootlessUser.name}@.*: cannot create /etc/containers/systemd/`));
        assert.match(e.message, /[Pp]ermission denied/);
        assert.match(e.fix ?? '', /needs root/);
        return true;
      },
    );
  });

  it('refuses a unit name with a line break or a path out of the folder before anything is sent', async () => {
    const host = hostAs('root');
    for (const name of ['web\n.container', '../escape.container', '/etc/passwd']) {
      await assert.rejects(
        installUnits(host, 'user', [unit(name, 'x')], async () => true),
        (e: PodmanError) => e.message.includes(JSON.stringify(name)) && /nothing was sent/.test(e.message),
      );
    }
    assert.equal(hosts.readTargetFile('/run/root-config/containers/escape.container'), undefined);
  });

  it('runs systemctl over SSH with names holding quotes, spaces and metacharacters, verbatim (recorded: no systemd there)', async () => {
    const root = hostAs('root');
    const user = hostAs(hosts.rootlessUser.name);
    // The test host, like this machine, has no systemd: the product sees so itself.
    assert.equal(await root.systemdRunning(), false);
    const marker = `/tmp/pw-quadlet-pwned-${process.pid}`;
    const names = [
      `it's "quoted".service`,
      'with space.service',
      'dollar$HOME.service',
      'back`id`tick.service',
      `sub$(touch ${marker}).service`,
      'semi;colon|pipe&amp>redirect<.service',
      'glob*?[a].service',
      "back\\slash'\\''.service",
    ];
    const before = hosts.systemctlCalls().length;
    assert.equal((await root.systemctl('system', 'daemon-reload')).code, 0);
    for (const name of names) assert.equal((await root.systemctl('system', 'start', '--', name)).code, 0);
    await user.systemctl('user', 'daemon-reload');
    await user.systemctl('user', 'stop', '--', names[0]);
    const calls = hosts.systemctlCalls().slice(before);
    const uid = hosts.rootlessUser.uid;
    assert.deepEqual(calls, [
      { uid: 0, argv: ['daemon-reload'] },
      ...names.map((name) => ({ uid: 0, argv: ['start', '--', name] })),
      { uid, argv: ['--user', 'daemon-reload'] },
      { uid, argv: ['--user', 'stop', '--', names[0]] },
    ]);
    assert.equal(hosts.readTargetFile(marker), undefined, 'no command substitution ran');
    assert.equal(existsSync(marker), false);

    // A line break cannot be in a unit name: refused with the host named, and nothing run.
    await assert.rejects(root.systemctl('system', 'start', '--', 'web\nreboot.service'), (e: PodmanError) =>
      /^root@.*line break/.test(e.message),
    );
    assert.equal(hosts.systemctlCalls().length, before + calls.length, 'nothing ran');
  });
});
