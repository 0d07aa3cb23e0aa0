// SSH's questions through VS Code's own prompts, against the netns SSH host: Podman: Add SSH
// Connection… answered in its input box, quick pick and open dialog; the unknown host's SHA256
// fingerprint (accepted once, remembered in known_hosts, not asked again); the encrypted key's
// passphrase in a password box (asked once; in SecretStorage only when the user says so); the
// "also add it to Podman's connection file?" question (no: the file is unchanged; yes: the podman
// CLI lists it); Diagnose Connection on a failing connection, read from its output view; a changed
// host key refused with the known_hosts line and the `ssh-keygen -R` fix.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { answering, type Script } from './answering';
import { type SshFixture, useSshHost } from './sshhost';
import { activeClient, connectionNode, waitFor, workbenchApi } from './util';

const SAVED = 'podman.sshConnections';
const SECRET = 'podman.ssh.passphrase:';

interface AddAnswers {
  destination: string;
  /** An identity file picked in the open dialog; else "ssh-agent and the default keys". */
  identity?: string;
  acceptHost?: boolean;
  passphrase?: string;
  keepPassphrase?: boolean;
  writeBack: boolean;
}

/** What a user answers to Podman: Add SSH Connection…, prompt by prompt. */
function addAnswers(a: AddAnswers): Script {
  return {
    inputs: [a.destination, ...(a.passphrase ? [a.passphrase] : [])],
    // Its quick pick offers plain strings.
    pick: (items) =>
      (items as unknown as string[]).filter((i) => (a.identity ? /identity file/i : /ssh-agent/).test(i)) as never,
    openDialog: () => (a.identity ? [vscode.Uri.file(a.identity)] : undefined),
    warning: (_message, _detail, buttons) => (a.acceptHost ? buttons.find((b) => /^Accept/.test(b)) : undefined),
    info: (message, buttons) =>
      /Keep the passphrase/.test(message)
        ? buttons[a.keepPassphrase ? 0 : 1]
        : /Podman's own connection file/.test(message)
          ? buttons[a.writeBack ? 0 : 1]
          : undefined,
  };
}

/** Runs Podman: Add SSH Connection… as a user answering `a`; what it asked. */
const addSsh = (a: AddAnswers) => answering(addAnswers(a), 'podman.connection.addSsh');

/** The host key's fingerprint as OpenSSH's own ssh-keygen prints it. */
const fingerprintOf = (keyLine: string): string =>
  /SHA256:\S+/.exec(execFileSync('ssh-keygen', ['-lf', '-'], { input: `${keyLine}\n`, encoding: 'utf8' }))![0];

/** Whether ssh-keygen finds `host` in the known_hosts file (hashed entries too). */
function knownTo(file: string, host: string): boolean {
  try {
    execFileSync('ssh-keygen', ['-F', host, '-f', file], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The Diagnose output view's latest report for `label` (its log file), once it ends as `until` says. */
async function diagnoseReport(label: string, until: RegExp): Promise<string[]> {
  const exthost = path.dirname((await workbenchApi()).workbench.ext.logUri.fsPath);
  const files = () =>
    fs
      .readdirSync(exthost)
      .filter((d) => d.startsWith('output_logging_'))
      .flatMap((d) => fs.readdirSync(path.join(exthost, d)).map((f) => path.join(exthost, d, f)))
      .filter((f) => /Diagnose/.test(path.basename(f)));
  return waitFor(`the Diagnose report of ${label}`, () => {
    for (const file of files()) {
      const text = fs.readFileSync(file, 'utf8');
      const report = text.slice(text.lastIndexOf(`Diagnosing ${label}`));
      if (report.startsWith('Diagnosing') && until.test(report)) return report.trimEnd().split('\n');
    }
    return undefined;
  });
}

const secrets = async () => (await workbenchApi()).workbench.ext.secrets;
const statusOf = async (uri: string) => (await workbenchApi()).workbench.connections.find(uri);

describe("ssh: SSH's questions through VS Code's prompts", function () {
  this.timeout(120_000);
  let savedBefore: unknown;
  const keyPath = (fx: SshFixture, alias: string) => path.join(fx.home.dir, '.ssh', `id_${alias}`);
  let conf = '';
  const savedEnv = process.env.CONTAINERS_CONF;

  const fx = useSshHost(async (f) => {
    const api = await workbenchApi();
    await api.workbench.ext.globalState.update(SAVED, savedBefore);
    for (const alias of ['pw-enc-session', 'pw-enc-keep']) {
      await api.workbench.ext.secrets.delete(SECRET + keyPath(f, alias));
    }
    if (savedEnv === undefined) delete process.env.CONTAINERS_CONF;
    else process.env.CONTAINERS_CONF = savedEnv;
  });

  before(async () => {
    await activeClient();
    savedBefore = (await workbenchApi()).workbench.ext.globalState.get(SAVED);
    // The user's containers.conf, named by CONTAINERS_CONF (the file the podman CLI reads, root or
    // not) and kept out of ~/.config/containers: a write-back there would not reach the CLI.
    conf = path.join(fx.home.dir, 'podman', 'containers.conf');
    fs.mkdirSync(path.dirname(conf));
    fs.writeFileSync(conf, '# my own settings\n[engine]\n');
    process.env.CONTAINERS_CONF = conf;
    const aliases = ['pw-enc-session', 'pw-enc-keep'].map((alias) => {
      fs.copyFileSync(fx.hosts.keys.encrypted, keyPath(fx, alias));
      fs.chmodSync(keyPath(fx, alias), 0o600);
      return `Host ${alias}\n  HostName ${fx.hosts.target.address}\n  User root\n  IdentityFile ~/.ssh/id_${alias}\n  IdentitiesOnly yes\n`;
    });
    fs.writeFileSync(fx.home.sshConfig, aliases.join(''));
  });

  it('Add SSH Connection…: its prompts, the unknown host key with its SHA256 fingerprint, accepted once and remembered; "No" leaves Podman\'s file alone', async () => {
    const address = fx.hosts.target.address;
    const r = await addSsh({
      destination: `root@${address}:22`,
      identity: fx.hosts.keys.ed25519,
      acceptHost: true,
      writeBack: false,
    });
    assert.deepEqual(r.asked.errors, []);
    assert.deepEqual(r.asked.inputs, ['Host or ~/.ssh/config alias, optionally user@host:port']);
    assert.deepEqual(r.asked.picks, ['Authentication']);
    assert.deepEqual(r.asked.dialogs, ['Identity file (private key)']);
    // One host question for the Add and the connection the refresh then opened: the answer is remembered.
    assert.equal(r.asked.warnings.length, 1, JSON.stringify(r.asked.warnings));
    const [question] = r.asked.warnings;
    assert.equal(question.modal, true);
    assert.match(question.message, new RegExp(`host root@${address.replace(/\./g, '\\.')} cannot be established`));
    assert.ok(
      question.detail?.includes(`ssh-ed25519 key fingerprint is ${fingerprintOf(fx.hosts.target.hostKeyLine)}`),
    );
    assert.ok(knownTo(fx.home.knownHosts, address), 'ssh-keygen -F finds the accepted host');
    assert.match(fs.readFileSync(fx.home.knownHosts, 'utf8'), /^\|1\|[^ ]+ ssh-ed25519 /, 'hashed, as Debian does');
    assert.equal(r.asked.infos.length, 1);
    assert.match(r.asked.infos[0], /Added .* \(rootful\)\. Also add it to Podman's own connection file/);
    assert.equal(fs.readFileSync(conf, 'utf8'), '# my own settings\n[engine]\n', 'answered No: unchanged');
    assert.equal(fs.existsSync(path.join(fx.home.containers, 'podman-connections.json')), false);
    const status = await statusOf(fx.uri({ port: 22 }));
    assert.equal(status?.health.state, 'ok', JSON.stringify(status?.health));
    assert.equal(status?.endpoint.label, `Connection ${address}`);
  });

  it('the next connection to that host asks nothing: Diagnose shows every step passed', async () => {
    const node = await connectionNode(fx.uri({ port: 22 }), 'podman.connection.ok');
    const r = await answering({}, 'podman.connection.diagnose', node);
    assert.deepEqual([r.asked.warnings, r.asked.inputs, r.asked.errors], [[], [], []]);
    const report = await diagnoseReport(node.endpoint.label, /API version/);
    const steps = report.filter((l) => /^[✔✖–] /.test(l)).map((l) => l.slice(0, l.indexOf(':')));
    assert.deepEqual(steps, [
      '✔ SSH configuration',
      '✔ Name resolution',
      '✔ TCP connection',
      '✔ SSH server',
      '✔ Host key',
      '✔ Authentication',
      '✔ Remote socket',
      '✔ /_ping',
      '✔ API version',
    ]);
    assert.ok(report.some((l) => l.includes(`${fx.hosts.keys.ed25519}: accepted`)));
  });

  it('an encrypted key: its passphrase asked once in a password box, kept for the session only; "Yes" puts the connection where the podman CLI reads it', async () => {
    const alias = 'pw-enc-session';
    const r = await addSsh({
      destination: alias,
      passphrase: fx.hosts.passphrase,
      keepPassphrase: false,
      writeBack: true,
    });
    assert.deepEqual(r.asked.errors, []);
    assert.deepEqual(r.asked.warnings, [], 'the host (HostName of the alias) is known already');
    assert.deepEqual(r.asked.passwords, ['The SSH key is encrypted.'], 'asked once, in a password box');
    assert.equal(await (await secrets()).get(SECRET + keyPath(fx, alias)), undefined, 'not kept: not chosen');
    const uri = `ssh://root@${alias}:22${fx.hosts.socketPath}`;
    assert.equal((await statusOf(uri))?.health.state, 'ok');
    const cli = execFileSync('podman', ['system', 'connection', 'list', '--format', 'json'], {
      env: { PATH: process.env.PATH, HOME: fx.home.dir, CONTAINERS_CONF: conf },
      encoding: 'utf8',
    });
    const listed = (JSON.parse(cli) as { Name: string; URI: string }[]).find((c) => c.Name === alias);
    assert.equal(listed?.URI, uri, cli);
    assert.match(fs.readFileSync(conf, 'utf8'), /^# my own settings\n\[engine\]\n/, "the user's lines stay");
  });

  it('"Keep in Secret Storage" stores the passphrase there, and the next connection asks nothing', async () => {
    const alias = 'pw-enc-keep';
    const r = await addSsh({
      destination: alias,
      passphrase: fx.hosts.passphrase,
      keepPassphrase: true,
      writeBack: false,
    });
    assert.deepEqual(r.asked.errors, []);
    assert.deepEqual(r.asked.passwords, ['The SSH key is encrypted.']);
    assert.equal(await (await secrets()).get(SECRET + keyPath(fx, alias)), fx.hosts.passphrase);
    const node = await connectionNode(`ssh://root@${alias}:22${fx.hosts.socketPath}`, 'podman.connection.ok');
    const again = await answering({}, 'podman.connection.diagnose', node);
    assert.deepEqual([again.asked.inputs, again.asked.warnings], [[], []]);
    const report = await diagnoseReport(node.endpoint.label, /API version/);
    assert.ok(report.some((l) => l.startsWith('✔ Authentication') && l.includes(`${keyPath(fx, alias)}: accepted`)));
  });

  it('Diagnose on a failing connection shows each step, the failing one and its fix', async () => {
    const uri = fx.uri();
    const entry = `\n[engine.service_destinations."pw-badkey"]\nuri = "${uri}"\nidentity = "${fx.hosts.keys.wrong}"\n`;
    const before = fs.readFileSync(conf, 'utf8');
    fs.appendFileSync(conf, entry);
    try {
      await (await workbenchApi()).workbench.connections.refresh();
      const node = await connectionNode(uri, 'podman.connection.error');
      const item = (await workbenchApi()).connectionsTree.getTreeItem(node);
      assert.match(String(item.description), /authentication failed with every key tried/);
      const r = await answering({}, 'podman.connection.diagnose', node);
      assert.deepEqual([r.asked.warnings, r.asked.inputs], [[], []]);
      const report = await diagnoseReport('Connection pw-badkey', /✖[^]*Fix: /);
      const marks = report.filter((l) => /^[✔✖–] /.test(l)).map((l) => l.slice(0, l.indexOf(':')));
      assert.deepEqual(marks, [
        '✔ SSH configuration',
        '✔ Name resolution',
        '✔ TCP connection',
        '✔ SSH server',
        '✔ Host key',
        '✖ Authentication',
      ]);
      const failed = report.findIndex((l) => l.startsWith('✖ Authentication'));
      assert.ok(report[failed].includes(`${fx.hosts.keys.wrong}: refused`), report[failed]);
      assert.match(report[failed + 1], /^ {4}Fix: Check the user, add the key to the agent \(`ssh-add`\)/);
    } finally {
      fs.writeFileSync(conf, before);
      await (await workbenchApi()).workbench.connections.refresh();
    }
  });

  it('a changed host key is refused, naming the known_hosts line and the ssh-keygen -R fix', async () => {
    const address = fx.hosts.target.address;
    const stale = `# an old entry\n${address} ${fx.hosts.jump.hostKeyLine}\n`;
    fs.writeFileSync(fx.home.knownHosts, stale);
    const r = await addSsh({
      destination: `root@${address}:22`,
      identity: fx.hosts.keys.ed25519,
      acceptHost: true,
      writeBack: false,
    });
    assert.deepEqual(r.asked.warnings, [], 'never offered to accept a changed key');
    const fp = fingerprintOf(fx.hosts.target.hostKeyLine);
    const known = `${fx.home.knownHosts}:2`;
    assert.equal(r.asked.errors.length, 2, r.asked.errors.join('\n'));
    assert.ok(r.asked.errors[0].includes('has CHANGED') && r.asked.errors[0].includes(known), r.asked.errors[0]);
    const shown = r.asked.errors[1];
    assert.ok(
      shown.includes(`the host key has CHANGED (now ssh-ed25519 ${fp}; the one recorded is at ${known})`),
      shown,
    );
    const fix = `ssh-keygen -R '${address}' -f ${fx.home.knownHosts}`;
    assert.ok(shown.includes(fix), shown);
    assert.equal(fs.readFileSync(fx.home.knownHosts, 'utf8'), stale, 'refused: known_hosts untouched');
    // The fix it names does what it says (OpenSSH's ssh-keygen on that file).
    execFileSync('ssh-keygen', ['-R', address, '-f', fx.home.knownHosts], { stdio: 'ignore' });
    assert.equal(knownTo(fx.home.knownHosts, address), false);
  });
});
