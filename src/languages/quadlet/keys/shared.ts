// Rows several section tables share (GlobalArgs=, PodmanArgs=, DNS=, id maps, auth ...), with
// their per-section details as parameters; one key per line.
import type { KeyInfo, ValueKind } from '../catalogue';

/** One key of a section table: name, value kind, repeatable, first release, own-words description, example. */
export type Row = [
  key: string,
  kind: ValueKind,
  repeatable: boolean,
  since: string,
  description: string,
  example: string,
  extra?: Partial<KeyInfo>,
];

export const E = { sinceEstimated: true } as const;

// Keys several sections share, with their per-section details filled in below.
// prettier-ignore
export const globalArgs = (cmd: string, since: string): Row => ['GlobalArgs', 'args', true, since, `Extra arguments placed between \`podman\` and \`${cmd}\` in the generated command (global Podman options such as --log-level). The generator does not check them; prefer dedicated keys.`, 'GlobalArgs=--log-level=debug', E];
// prettier-ignore
export const podmanArgs = (cmd: string, since: string): Row => ['PodmanArgs', 'args', true, since, `Extra arguments appended to \`podman ${cmd}\` just before its final operand, for options the generator has no key for. They are passed through unchecked.`, 'PodmanArgs=--cpus=2'];
// prettier-ignore
export const confModule = (since: string): Row => ['ContainersConfModule', 'path', true, since, 'Loads an extra containers.conf(5) module for this command (podman --module).', 'ContainersConfModule=/etc/containers/nvidia.conf', E];
// prettier-ignore
export const serviceName = (suffix: string): Row => ['ServiceName', 'string', false, '5.1', `Name of the generated systemd service, without \`.service\`. By default it is the unit's base name${suffix ? ` plus \`${suffix}\`` : ''}.`, 'ServiceName=my-app', E];
// prettier-ignore
export const retry = (what: string): Row[] => [
  ['Retry', 'int', false, '5.5', `How many times to retry ${what} after an HTTP error (--retry).`, 'Retry=5', E],
  ['RetryDelay', 'duration', false, '5.5', `Pause between two retries of ${what} (--retry-delay).`, 'RetryDelay=10s', E],
];
// prettier-ignore
export const dnsRows = (since: string, scope: string): Row[] => [
  ['DNS', 'ip', true, since, `A DNS server used by ${scope} (--dns). Repeat the key for several servers.`, 'DNS=192.168.55.1', E],
  ['DNSOption', 'string', true, since, `A resolver option written to resolv.conf for ${scope} (--dns-option).`, 'DNSOption=ndots:1', E],
  ['DNSSearch', 'string', true, since, `A DNS search domain (--dns-search); \`.\` removes the search domain.`, 'DNSSearch=example.com', E],
];
// prettier-ignore
export const idmapRows = (since: string, what: string): Row[] => [
  ['UIDMap', 'idmap', true, since, `Maps user ids of ${what} to host ids in a new user namespace (--uidmap), as CONTAINER:HOST:COUNT.`, 'UIDMap=0:10000:10', E],
  ['GIDMap', 'idmap', true, since, `Maps group ids of ${what} to host ids in a new user namespace (--gidmap), as CONTAINER:HOST:COUNT.`, 'GIDMap=0:10000:10', E],
  ['SubUIDMap', 'string', false, since, `Builds the user id map of ${what} from the named entry of /etc/subuid (--subuidname).`, 'SubUIDMap=utest', E],
  ['SubGIDMap', 'string', false, since, `Builds the group id map of ${what} from the named entry of /etc/subgid (--subgidname).`, 'SubGIDMap=gtest', E],
  ['UserNS', 'string', false, since, `User namespace mode of ${what} (--userns), MODE[:OPTIONS], e.g. keep-id or auto.`, 'UserNS=keep-id:uid=200,gid=210', { ...E, values: ['auto', 'host', 'keep-id', 'nomap', 'private'], openValues: true }],
];
// prettier-ignore
export const labelRow = (since: string, what: string, extra?: Partial<KeyInfo>): Row => ['Label', 'keyValue', true, since, `Metadata labels set on ${what}, as one or more KEY=VALUE words.`, 'Label=app=web tier=frontend', extra];
// prettier-ignore
export const publishRow = (since: string, what: string): Row => ['PublishPort', 'port', true, since, `Publishes a port (or a range) of ${what} on the host (--publish): [IP:][HOST:]CONTAINER[/tcp|udp|sctp]. Leaving out the host port lets Podman pick one at each start.`, 'PublishPort=127.0.0.1:8080:80/tcp'];
// prettier-ignore
export const netAliasRow = (since: string): Row => ['NetworkAlias', 'string', true, since, 'An extra DNS name under which others on the same network can reach it (--network-alias).', 'NetworkAlias=web', E];
// prettier-ignore
export const ipRows = (since: string): Row[] => [
  ['IP', 'ip', false, since, 'A fixed IPv4 address on the network (--ip).', 'IP=10.88.64.128', E],
  ['IP6', 'ip', false, since, 'A fixed IPv6 address on the network (--ip6).', 'IP6=fd46:db93:aa76:ac37::10', E],
];
// prettier-ignore
export const addHostRow = (since: string): Row => ['AddHost', 'string', true, since, 'Adds a HOSTNAME:IP line to /etc/hosts (--add-host).', 'AddHost=db.local:10.0.0.5', E];
// prettier-ignore
export const shmRow = (since: string): Row => ['ShmSize', 'size', false, since, 'Size of /dev/shm (--shm-size), a number with an optional b, k, m or g unit.', 'ShmSize=256m', E];
// prettier-ignore
export const authRows = (since: string): Row[] => [
  ['AuthFile', 'path', false, since, 'Registry credentials file to use (--authfile).', 'AuthFile=/etc/registry/auth.json', E],
  ['CertDir', 'path', false, since, 'Folder of certificates (*.crt, *.cert, *.key) used to reach the registry (--cert-dir).', 'CertDir=/etc/registry/certs', E],
  ['Creds', 'string', false, since, 'Registry USER[:PASSWORD] to log in with (--creds). Prefer AuthFile so the password is not in the unit.', 'Creds=myname:mypassword', E],
  ['DecryptionKey', 'string', false, since, 'KEY[:PASSPHRASE] used to decrypt encrypted content (--decryption-key).', 'DecryptionKey=/etc/registry.key', E],
  ['TLSVerify', 'bool', false, since, 'Whether to require HTTPS with a verified certificate when talking to registries (--tls-verify).', 'TLSVerify=false', E],
];
export const pullValues = ['always', 'missing', 'never', 'newer'];
// prettier-ignore
export const volumeRow = (since: string, what: string): Row => ['Volume', 'unitRef', true, since, `Mounts a volume into ${what} (--volume): [SOURCE:]DEST[:OPTIONS]. SOURCE may be a host path (one starting with \`.\` is taken relative to the unit file), a named volume, or a \`.volume\` unit whose volume is then created first.`, 'Volume=data.volume:/var/lib/data:Z', { refs: ['volume'] }];
// prettier-ignore
export const autoUpdateRow = (since: string): Row => ['AutoUpdate', 'enum', false, since, 'Opts in to `podman auto-update`: `registry` checks the registry for a newer image (needs a fully qualified image name), `local` restarts when the local image changes.', 'AutoUpdate=registry', { values: ['registry', 'local'], ...E }];
