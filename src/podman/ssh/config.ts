// Where and as whom to connect, the way OpenSSH reads it: the connection's own fields first,
// then ~/.ssh/config (Host, HostName, User, Port, IdentityFile, IdentitiesOnly, ProxyJump) through
// the `ssh-config` package. An unknown directive (not listed in IgnoreUnknown) is ignored with a
// warning naming it and the fix: OpenSSH refuses such a file, but none of the directives this
// transport reads depends on it, and a connection should not fail over a line it never uses.
// No `vscode` import.
import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type SSHConfigModule from 'ssh-config' with { 'resolution-mode': 'import' };
import { PodmanError } from '../errors';

/** The files and agent the transport reads; tests point these at their own. */
export interface SshEnvironment {
  home: string;
  /** ~/.ssh/config (absent is fine). */
  configFile: string;
  /** known_hosts files: the first one is written when the user accepts a new host. */
  knownHostsFiles: string[];
  /** SSH_AUTH_SOCK, if any. */
  agentSocket?: string;
  localUser: string;
}

export function defaultSshEnvironment(env: NodeJS.ProcessEnv = process.env): SshEnvironment {
  const home = env.HOME || homedir();
  return {
    home,
    configFile: join(home, '.ssh', 'config'),
    knownHostsFiles: [join(home, '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'],
    agentSocket: env.SSH_AUTH_SOCK || undefined,
    localUser: env.USER || userInfo().username,
  };
}

/** What the user gave: a host name or an ssh-config alias, and optional overrides. */
export interface SshTarget {
  host: string;
  user?: string;
  port?: number;
  /** Identity files given with the connection (Podman's `Identity`, CONTAINER_SSHKEY). */
  identityFiles?: string[];
}

export interface ResolvedHost {
  /** What the user typed (an alias or a name). */
  alias: string;
  hostName: string;
  port: number;
  user: string;
  identityFiles: string[];
  identitiesOnly: boolean;
  /** Hops to go through first, in order (ProxyJump). */
  jumps: ResolvedHost[];
  /** What in ~/.ssh/config was ignored, with the fix (shown in the log and by Diagnose). */
  warnings: string[];
}

// The client keywords of ssh_config(5) (lower case); anything else is "Bad configuration option".
const KNOWN = new Set(
  (
    'host match include hostname user port identityfile identitiesonly proxyjump proxycommand ' +
    'addkeystoagent addressfamily batchmode bindaddress bindinterface canonicaldomains canonicalizefallbacklocal ' +
    'canonicalizehostname canonicalizemaxdots canonicalizepermittedcnames casignaturealgorithms certificatefile ' +
    'checkhostip ciphers clearallforwardings compression connectionattempts connecttimeout controlmaster ' +
    'controlpath controlpersist dynamicforward enableescapecommandline enablesshkeysign escapechar ' +
    'exitonforwardfailure fingerprinthash forkafterauthentication forwardagent forwardx11 forwardx11timeout ' +
    'forwardx11trusted gatewayports globalknownhostsfile gssapiauthentication gssapidelegatecredentials ' +
    'hashknownhosts hostbasedacceptedalgorithms hostbasedauthentication hostkeyalgorithms hostkeyalias ' +
    'identityagent ignoreunknown ipqos kbdinteractiveauthentication kbdinteractivedevices kexalgorithms ' +
    'knownhostscommand localcommand localforward loglevel logverbose macs nohostauthenticationforlocalhost ' +
    'numberofpasswordprompts obscurekeystroketiming passwordauthentication permitlocalcommand permitremoteopen ' +
    'pkcs11provider preferredauthentications proxyusefdpass pubkeyacceptedalgorithms pubkeyacceptedkeytypes ' +
    'pubkeyauthentication rekeylimit remotecommand remoteforward requesttty requiredrsasize revokedhostkeys ' +
    'securitykeyprovider sendenv serveralivecountmax serveraliveinterval sessiontype setenv stdinnull ' +
    'streamlocalbindmask streamlocalbindunlink stricthostkeychecking syslogfacility tag tcpkeepalive tunnel ' +
    'tunneldevice updatehostkeys usekeychain userknownhostsfile verifyhostkeydns visualhostkey xauthlocation'
  ).split(' '),
);

// The package's types are ESM-only; its CommonJS build is what runs here (and in the bundle).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SSHConfig = require('ssh-config') as { parse: typeof SSHConfigModule.parse };

interface ConfigLine {
  param?: string;
  value?: unknown;
  config?: ConfigLine[];
}

/** The directives of `text` that OpenSSH would reject (IgnoreUnknown patterns honoured). */
export function unknownDirectives(text: string): string[] {
  const lines = SSHConfig.parse(text) as unknown as ConfigLine[];
  const all: string[] = [];
  const walk = (ls: ConfigLine[]): void => {
    for (const l of ls) {
      if (l.param) all.push(l.param);
      if (l.config) walk(l.config);
    }
  };
  walk(lines);
  const ignore = lines
    .filter((l) => l.param?.toLowerCase() === 'ignoreunknown')
    .flatMap((l) => String(l.value).split(','))
    .map(
      (p) =>
        new RegExp(
          `^${p
            .trim()
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
          'i',
        ),
    );
  return all.filter((p) => !KNOWN.has(p.toLowerCase()) && !ignore.some((re) => re.test(p)));
}

function readConfig(env: SshEnvironment): string {
  try {
    return readFileSync(env.configFile, 'utf8');
  } catch {
    return '';
  }
}

/** Expands ~ and the tokens OpenSSH allows in IdentityFile (%d %u %h %r %p %%). */
export function expandPath(
  path: string,
  env: SshEnvironment,
  host?: { hostName: string; user: string; port: number },
): string {
  const tilde = path === '~' || path.startsWith('~/') ? env.home + path.slice(1) : path;
  return tilde.replace(/%([%dhurp])/g, (_m, t: string) =>
    t === '%'
      ? '%'
      : t === 'd'
        ? env.home
        : t === 'u'
          ? env.localUser
          : t === 'h'
            ? (host?.hostName ?? '')
            : t === 'r'
              ? (host?.user ?? '')
              : String(host?.port ?? 22),
  );
}

const DEFAULT_KEYS = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk'];

/** The warning for the unknown directives of the config file, if any. */
function unknownWarning(text: string, env: SshEnvironment): string[] {
  const bad = [...new Set(unknownDirectives(text))];
  if (!bad.length) return [];
  const s = bad.length > 1 ? 's' : '';
  return [
    `${env.configFile}: unknown directive${s} ${bad.map((b) => `"${b}"`).join(', ')} ignored (OpenSSH refuses this file). ` +
      `Fix or remove the line${s}, or add \`IgnoreUnknown ${bad.join(',')}\` at the top of ${env.configFile}.`,
  ];
}

/** Resolves a target through ~/.ssh/config (unknown directives ignored, with a warning). */
export function resolveHost(target: SshTarget, env: SshEnvironment, depth = 0): ResolvedHost {
  const text = readConfig(env);
  const raw = Object.fromEntries(
    Object.entries(SSHConfig.parse(text).compute(target.host)).map(([k, v]) => [k.toLowerCase(), v]),
  );
  const str = (k: string): string | undefined => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
  const hostName = str('hostname')?.replace(/%h/g, target.host) ?? target.host;
  const user = target.user || str('user') || env.localUser;
  const port = target.port ?? Number(str('port') ?? 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new PodmanError(
      'unreachable',
      `${target.host}: port "${target.port ?? str('port')}" is not a TCP port.`,
      'Give a port between 1 and 65535.',
    );
  }
  const fromConfig = ([] as string[]).concat((raw.identityfile as string[] | string | undefined) ?? []);
  const tokens = { hostName, user, port };
  const given = (target.identityFiles ?? []).filter(Boolean);
  const identityFiles = (
    given.length || fromConfig.length ? [...given, ...fromConfig] : DEFAULT_KEYS.map((k) => `~/.ssh/${k}`)
  ).map((p) => expandPath(p, env, tokens));
  const jumpSpec = str('proxyjump');
  if (jumpSpec && jumpSpec.toLowerCase() !== 'none' && depth > 4) {
    throw new PodmanError(
      'unreachable',
      `${target.host}: ProxyJump loops (more than 5 hops).`,
      `Check ProxyJump in ${env.configFile}.`,
    );
  }
  const jumps =
    jumpSpec && jumpSpec.toLowerCase() !== 'none'
      ? jumpSpec.split(',').map((j) => resolveJump(j.trim(), env, depth))
      : [];
  return {
    alias: target.host,
    hostName,
    port,
    user,
    identityFiles: [...new Set(identityFiles)],
    identitiesOnly: str('identitiesonly')?.toLowerCase() === 'yes' || given.length > 0,
    jumps,
    // The jumps read the same file: warned once, for the target.
    warnings: depth === 0 ? unknownWarning(text, env) : [],
  };
}

/** One ProxyJump hop, `[user@]host[:port]` or an alias; its own jumps come first. */
function resolveJump(spec: string, env: SshEnvironment, depth: number): ResolvedHost {
  const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec.replace(/^ssh:\/\//, ''));
  if (!m) throw new PodmanError('unreachable', `ProxyJump "${spec}" is not [user@]host[:port].`, 'Fix ProxyJump.');
  const hop = resolveHost(
    { host: m[2].replace(/^\[|\]$/g, ''), user: m[1], port: m[3] ? Number(m[3]) : undefined },
    env,
    depth + 1,
  );
  return hop;
}
