// The catalogue of Quadlet keys: every key of every Quadlet section of podman-systemd.unit(5)
// (Podman 6.0-dev) plus the systemd [Unit]/[Service]/[Install] keys Quadlet users set most.
// Key names, value kinds and versions are facts; every description is written for this project.
//
// Versions: `since` is the first Podman release whose generator accepts the key. The manual
// gives no versions, so they come from release history as far as known; keys marked
// `sinceEstimated` are best guesses. One fact was measured: the Podman 5.4.2 generator rejects
// every key given here with a `since` above 5.4, and the 5.8.6 generator accepts every key
// except those marked 6.0 (see the integration test corpus). Between those two points the
// releases are taken from secondary release summaries and remain estimates.

export type UnitType = 'container' | 'pod' | 'volume' | 'network' | 'kube' | 'image' | 'build' | 'artifact';
export const UNIT_TYPES: readonly UnitType[] = ['container', 'pod', 'volume', 'network', 'kube', 'image', 'build', 'artifact'];

/** Section name of each unit type's own section. */
export const TYPE_SECTION: Record<UnitType, string> = {
  container: 'Container',
  pod: 'Pod',
  volume: 'Volume',
  network: 'Network',
  kube: 'Kube',
  image: 'Image',
  build: 'Build',
  artifact: 'Artifact',
};

/** First Podman release that knows each unit type (estimated for artifact). */
export const TYPE_SINCE: Record<UnitType, string> = {
  container: '4.4',
  volume: '4.4',
  network: '4.4',
  kube: '4.4',
  image: '4.8',
  pod: '5.0',
  build: '5.0',
  artifact: '5.7',
};

export type ValueKind =
  | 'bool'
  | 'enum'
  | 'string'
  | 'int'
  | 'duration' // systemd/Go style time span: 30, 30s, 1m30s, 2h
  | 'size' // number with optional b/k/m/g suffix
  | 'path' // absolute or relative to the unit file
  | 'absPath'
  | 'port' // [ip:][hostPort:]containerPort[/proto]
  | 'portRange' // 80 or 50-59, optional /proto
  | 'unitRef' // a reference that may name another Quadlet unit (x.network, x.volume:/d ...)
  | 'keyValue' // one or more KEY=VALUE words
  | 'args' // space separated, shell-quoted arguments
  | 'command' // a command line
  | 'signal'
  | 'ip'
  | 'cidr'
  | 'idmap' // container:host:size
  | 'list'; // space separated words

export interface KeyInfo {
  readonly key: string;
  readonly section: string;
  readonly kind: ValueKind;
  /** Allowed values (enum), or well-known values offered by completion (other kinds). */
  readonly values?: readonly string[];
  /** True when `values` is an open list of suggestions rather than the only accepted values. */
  readonly openValues?: boolean;
  readonly repeatable: boolean;
  readonly since?: string;
  readonly sinceEstimated?: boolean;
  readonly description: string;
  readonly example: string;
  /** Unit types this key may reference (`Network=db.network`). */
  readonly refs?: readonly UnitType[];
  /** Systemd keys Quadlet refuses in [Service]. */
  readonly refused?: boolean;
  /** Deprecated: what to use instead. */
  readonly deprecated?: string;
  /** First release whose generator no longer accepts the key (estimated). */
  readonly removedIn?: string;
  readonly defaultValue?: string;
}

type Row = [key: string, kind: ValueKind, repeatable: boolean, since: string, description: string, example: string, extra?: Partial<KeyInfo>];

const E = { sinceEstimated: true } as const;

// Keys several sections share, with their per-section details filled in below.
const globalArgs = (cmd: string, since: string): Row => [
  'GlobalArgs', 'args', true, since,
  `Extra arguments placed between \`podman\` and \`${cmd}\` in the generated command (global Podman options such as --log-level). The generator does not check them; prefer dedicated keys.`,
  'GlobalArgs=--log-level=debug', E,
];
const podmanArgs = (cmd: string, since: string): Row => [
  'PodmanArgs', 'args', true, since,
  `Extra arguments appended to \`podman ${cmd}\` just before its final operand, for options the generator has no key for. They are passed through unchecked.`,
  'PodmanArgs=--cpus=2',
];
const confModule = (since: string): Row => [
  'ContainersConfModule', 'path', true, since,
  'Loads an extra containers.conf(5) module for this command (podman --module).',
  'ContainersConfModule=/etc/containers/nvidia.conf', E,
];
const serviceName = (suffix: string): Row => [
  'ServiceName', 'string', false, '5.1',
  `Name of the generated systemd service, without \`.service\`. By default it is the unit's base name${suffix ? ` plus \`${suffix}\`` : ''}.`,
  'ServiceName=my-app', E,
];
const retry = (what: string): Row[] => [
  ['Retry', 'int', false, '5.5', `How many times to retry ${what} after an HTTP error (--retry).`, 'Retry=5', E],
  ['RetryDelay', 'duration', false, '5.5', `Pause between two retries of ${what} (--retry-delay).`, 'RetryDelay=10s', E],
];
const dnsRows = (since: string, scope: string): Row[] => [
  ['DNS', 'ip', true, since, `A DNS server used by ${scope} (--dns). Repeat the key for several servers.`, 'DNS=192.168.55.1', E],
  ['DNSOption', 'string', true, since, `A resolver option written to resolv.conf for ${scope} (--dns-option).`, 'DNSOption=ndots:1', E],
  ['DNSSearch', 'string', true, since, `A DNS search domain (--dns-search); \`.\` removes the search domain.`, 'DNSSearch=example.com', E],
];
const idmapRows = (since: string, what: string): Row[] => [
  ['UIDMap', 'idmap', true, since, `Maps user ids of ${what} to host ids in a new user namespace (--uidmap), as CONTAINER:HOST:COUNT.`, 'UIDMap=0:10000:10', E],
  ['GIDMap', 'idmap', true, since, `Maps group ids of ${what} to host ids in a new user namespace (--gidmap), as CONTAINER:HOST:COUNT.`, 'GIDMap=0:10000:10', E],
  ['SubUIDMap', 'string', false, since, `Builds the user id map of ${what} from the named entry of /etc/subuid (--subuidname).`, 'SubUIDMap=utest', E],
  ['SubGIDMap', 'string', false, since, `Builds the group id map of ${what} from the named entry of /etc/subgid (--subgidname).`, 'SubGIDMap=gtest', E],
  ['UserNS', 'string', false, since, `User namespace mode of ${what} (--userns), MODE[:OPTIONS], e.g. keep-id or auto.`, 'UserNS=keep-id:uid=200,gid=210', { ...E, values: ['auto', 'host', 'keep-id', 'nomap', 'private'], openValues: true }],
];
const labelRow = (since: string, what: string, extra?: Partial<KeyInfo>): Row => [
  'Label', 'keyValue', true, since, `Metadata labels set on ${what}, as one or more KEY=VALUE words.`, 'Label=app=web tier=frontend', extra,
];
const publishRow = (since: string, what: string): Row => [
  'PublishPort', 'port', true, since,
  `Publishes a port (or a range) of ${what} on the host (--publish): [IP:][HOST:]CONTAINER[/tcp|udp|sctp]. Leaving out the host port lets Podman pick one at each start.`,
  'PublishPort=127.0.0.1:8080:80/tcp',
];
const netAliasRow = (since: string): Row => [
  'NetworkAlias', 'string', true, since, 'An extra DNS name under which others on the same network can reach it (--network-alias).', 'NetworkAlias=web', E,
];
const ipRows = (since: string): Row[] => [
  ['IP', 'ip', false, since, 'A fixed IPv4 address on the network (--ip).', 'IP=10.88.64.128', E],
  ['IP6', 'ip', false, since, 'A fixed IPv6 address on the network (--ip6).', 'IP6=fd46:db93:aa76:ac37::10', E],
];
const addHostRow = (since: string): Row => [
  'AddHost', 'string', true, since, 'Adds a HOSTNAME:IP line to /etc/hosts (--add-host).', 'AddHost=db.local:10.0.0.5', E,
];
const shmRow = (since: string): Row => ['ShmSize', 'size', false, since, 'Size of /dev/shm (--shm-size), a number with an optional b, k, m or g unit.', 'ShmSize=256m', E];
const authRows = (since: string): Row[] => [
  ['AuthFile', 'path', false, since, 'Registry credentials file to use (--authfile).', 'AuthFile=/etc/registry/auth.json', E],
  ['CertDir', 'path', false, since, 'Folder of certificates (*.crt, *.cert, *.key) used to reach the registry (--cert-dir).', 'CertDir=/etc/registry/certs', E],
  ['Creds', 'string', false, since, 'Registry USER[:PASSWORD] to log in with (--creds). Prefer AuthFile so the password is not in the unit.', 'Creds=myname:mypassword', E],
  ['DecryptionKey', 'string', false, since, 'KEY[:PASSPHRASE] used to decrypt encrypted content (--decryption-key).', 'DecryptionKey=/etc/registry.key', E],
  ['TLSVerify', 'bool', false, since, 'Whether to require HTTPS with a verified certificate when talking to registries (--tls-verify).', 'TLSVerify=false', E],
];
const pullValues = ['always', 'missing', 'never', 'newer'];
const volumeRow = (since: string, what: string): Row => [
  'Volume', 'unitRef', true, since,
  `Mounts a volume into ${what} (--volume): [SOURCE:]DEST[:OPTIONS]. SOURCE may be a host path (one starting with \`.\` is taken relative to the unit file), a named volume, or a \`.volume\` unit whose volume is then created first.`,
  'Volume=data.volume:/var/lib/data:Z', { refs: ['volume'] },
];
const autoUpdateRow = (since: string): Row => [
  'AutoUpdate', 'enum', false, since,
  'Opts in to `podman auto-update`: `registry` checks the registry for a newer image (needs a fully qualified image name), `local` restarts when the local image changes.',
  'AutoUpdate=registry', { values: ['registry', 'local'], ...E },
];

const CONTAINER: Row[] = [
  ['AddCapability', 'list', true, '4.4', 'Linux capabilities to grant on top of the default set (--cap-add); a space separated list.', 'AddCapability=CAP_NET_ADMIN CAP_SYS_TIME'],
  ['AddDevice', 'string', true, '4.4', 'Passes a host device into the container (--device): HOST[:CONTAINER][:PERMS] with PERMS from r, w, m. A leading `-` skips a device the host does not have.', 'AddDevice=/dev/fuse'],
  addHostRow('5.0'),
  ['Annotation', 'keyValue', true, '4.4', 'OCI annotations set on the container, as KEY=VALUE words.', 'Annotation=org.example.owner=ops'],
  ['AppArmor', 'string', false, '5.8', 'AppArmor profile that confines the container; `unconfined` turns confinement off.', 'AppArmor=unconfined', { values: ['unconfined'], openValues: true, ...E }],
  autoUpdateRow('4.5'),
  ['CgroupsMode', 'enum', false, '5.0', 'How the container\'s cgroups are set up (--cgroups). Quadlet uses `split` unless told otherwise; inside a pod, `enabled` or `no-conmon` let pod limits apply.', 'CgroupsMode=no-conmon', { values: ['enabled', 'disabled', 'no-conmon', 'split'], defaultValue: 'split', ...E }],
  ['ContainerName', 'string', false, '4.4', 'Name of the Podman container. Defaults to `systemd-%N`, the service name with a `systemd-` prefix.', 'ContainerName=web'],
  confModule('4.8'),
  ...dnsRows('4.7', 'the container'),
  ['DropCapability', 'list', true, '4.4', 'Capabilities to remove from the default set (--cap-drop), or `all`.', 'DropCapability=all', { values: ['all'], openValues: true }],
  ['Entrypoint', 'string', false, '5.0', 'Replaces the image\'s ENTRYPOINT (--entrypoint). Use a JSON array string for a command with arguments.', 'Entrypoint=/usr/local/bin/start.sh', E],
  ['Environment', 'keyValue', true, '4.4', 'Environment variables for the container, written like systemd\'s Environment= (KEY=VALUE words, quoting allowed).', 'Environment=TZ=UTC "GREETING=hello world"'],
  ['EnvironmentFile', 'path', true, '4.4', 'A file of KEY=VALUE lines to load into the container\'s environment (--env-file); relative paths start at the unit\'s folder. Order is kept.', 'EnvironmentFile=./app.env'],
  ['EnvironmentHost', 'bool', false, '4.4', 'Copies the whole host environment into the container (--env-host).', 'EnvironmentHost=true'],
  ['Exec', 'command', false, '4.4', 'Arguments given after the image name, i.e. the command (or the entrypoint\'s arguments). Quoted like a systemd command line.', 'Exec=/usr/bin/sleep infinity'],
  ['ExposeHostPort', 'portRange', true, '4.4', 'Declares a port or port range as exposed without publishing it (--expose).', 'ExposeHostPort=50-59'],
  ...idmapRows('4.7', 'the container').filter((r) => r[0] === 'GIDMap'),
  globalArgs('run', '4.8'),
  ['Group', 'string', false, '4.4', 'Numeric group id the container process runs as; combined with User= into --user USER:GROUP. Needs User=.', 'Group=1000'],
  ['GroupAdd', 'list', true, '5.0', 'Extra groups for the container\'s user (--group-add); `keep-groups` keeps the caller\'s groups.', 'GroupAdd=keep-groups', { values: ['keep-groups'], openValues: true, ...E }],
  ['HealthCmd', 'command', false, '4.4', 'Command that checks the container\'s health (--health-cmd); `none` disables the image\'s check.', 'HealthCmd=curl -fs http://localhost/ || exit 1'],
  ['HealthInterval', 'duration', false, '4.4', 'Time between two health checks (--health-interval); `disable` stops automatic checks.', 'HealthInterval=30s'],
  ['HealthLogDestination', 'string', false, '5.4', 'Where health check results are kept (--health-log-destination): `local`, `events_logger`, or a folder for a per-container log file.', 'HealthLogDestination=events_logger', { values: ['local', 'events_logger'], openValues: true, ...E }],
  ['HealthMaxLogCount', 'int', false, '5.4', 'How many health check results to keep; 0 keeps all (--health-max-log-count).', 'HealthMaxLogCount=10', E],
  ['HealthMaxLogSize', 'int', false, '5.4', 'Longest stored health check output in characters; 0 means no limit (--health-max-log-size).', 'HealthMaxLogSize=1000', E],
  ['HealthOnFailure', 'enum', false, '4.4', 'What Podman does when the container turns unhealthy (--health-on-failure). `kill` lets systemd restart the service.', 'HealthOnFailure=kill', { values: ['none', 'kill', 'restart', 'stop'] }],
  ['HealthRetries', 'int', false, '4.4', 'Failed checks in a row before the container counts as unhealthy (--health-retries).', 'HealthRetries=3'],
  ['HealthStartPeriod', 'duration', false, '4.4', 'Grace time after start during which failed checks do not count (--health-start-period).', 'HealthStartPeriod=1m'],
  ['HealthStartupCmd', 'command', false, '4.4', 'Command of the startup health check, run until it succeeds before the regular check takes over (--health-startup-cmd).', 'HealthStartupCmd=test -f /run/ready'],
  ['HealthStartupInterval', 'duration', false, '4.4', 'Time between two startup checks (--health-startup-interval); `disable` stops them.', 'HealthStartupInterval=5s'],
  ['HealthStartupRetries', 'int', false, '4.4', 'Failed startup checks allowed before the container is restarted (--health-startup-retries).', 'HealthStartupRetries=10'],
  ['HealthStartupSuccess', 'int', false, '4.4', 'Successful startup checks needed before the regular check begins (--health-startup-success).', 'HealthStartupSuccess=2'],
  ['HealthStartupTimeout', 'duration', false, '4.4', 'Longest a startup check may run before it counts as failed (--health-startup-timeout).', 'HealthStartupTimeout=30s'],
  ['HealthTimeout', 'duration', false, '4.4', 'Longest a health check may run before it counts as failed (--health-timeout).', 'HealthTimeout=10s'],
  ['HostName', 'string', false, '4.5', 'Host name seen inside the container (--hostname).', 'HostName=web.internal', E],
  ['HttpProxy', 'bool', false, '5.7', 'Whether the proxy variables (http_proxy, https_proxy, ...) of the Podman process are passed into the container (--http-proxy).', 'HttpProxy=false', E],
  ['Image', 'unitRef', false, '4.4', 'Image the container runs, fully qualified at best (registry/name:tag or @digest). A `.image` or `.build` unit name uses the image that unit pulls or builds, and waits for it.', 'Image=docker.io/library/nginx:1.27', { refs: ['image', 'build'] }],
  ...ipRows('4.4'),
  labelRow('4.4', 'the container'),
  ['LogDriver', 'enum', false, '4.4', 'Where the container\'s output goes (--log-driver).', 'LogDriver=journald', { values: ['journald', 'k8s-file', 'json-file', 'none', 'passthrough', 'passthrough-tty'], openValues: true }],
  ['LogOpt', 'keyValue', true, '5.0', 'An option of the log driver, e.g. path= or max-size= (--log-opt).', 'LogOpt=max-size=10mb', E],
  ['Mask', 'string', false, '4.7', 'Colon separated paths made inaccessible inside the container (--security-opt mask=).', 'Mask=/proc/sys/dev:/proc/sys/kernel', E],
  ['Memory', 'size', false, '5.6', 'Memory limit of the container (--memory), e.g. 512m or 2g.', 'Memory=2g', E],
  ['Mount', 'unitRef', true, '4.5', 'Attaches a mount (--mount type=TYPE,...). A `.volume` source (type=volume) or `.image` source (type=image) names another unit and waits for it.', 'Mount=type=bind,source=/srv/www,destination=/usr/share/nginx/html,ro', { refs: ['volume', 'image'], ...E }],
  ['Network', 'unitRef', true, '4.4', 'Network mode or network to join (--network): host, none, a network name, a `.network` unit (network `systemd-NAME` unless named), or a `.container` unit whose network stack is shared.', 'Network=backend.network', { refs: ['network', 'container'], values: ['host', 'none', 'bridge', 'private', 'slirp4netns', 'pasta'], openValues: true }],
  netAliasRow('5.0'),
  ['NoNewPrivileges', 'bool', false, '4.4', 'Stops processes in the container from gaining privileges through setuid binaries or file capabilities.', 'NoNewPrivileges=true', { defaultValue: 'false' }],
  ['Notify', 'enum', false, '4.4', 'Who tells systemd the service is ready: the runtime (false, default), the application itself through sd_notify (true), or Podman once the health check passes (healthy).', 'Notify=healthy', { values: ['true', 'false', 'yes', 'no', 'on', 'off', '1', '0', 'healthy'], defaultValue: 'false' }],
  ['PidsLimit', 'int', false, '4.7', 'Largest number of processes the container may have (--pids-limit); -1 for no limit.', 'PidsLimit=1000'],
  ['Pod', 'unitRef', false, '5.0', 'A `.pod` unit the container joins. The pod\'s service is started first and the container follows its life cycle.', 'Pod=web.pod', { refs: ['pod'] }],
  podmanArgs('run', '4.5'),
  publishRow('4.4', 'the container'),
  ['Pull', 'enum', false, '4.8', 'When to pull the image (--pull).', 'Pull=newer', { values: pullValues, ...E }],
  ['ReadOnly', 'bool', false, '4.4', 'Mounts the container\'s root file system read-only (--read-only).', 'ReadOnly=true', { defaultValue: 'false' }],
  ['ReadOnlyTmpfs', 'bool', false, '4.8', 'With ReadOnly=true, whether writable tmpfs mounts are put on /dev, /dev/shm, /run, /tmp and /var/tmp (--read-only-tmpfs).', 'ReadOnlyTmpfs=false', { defaultValue: 'true', ...E }],
  ['ReloadCmd', 'command', false, '5.5', 'Command run inside the container by `systemctl reload` (adds an ExecReload with podman exec). Not together with ReloadSignal.', 'ReloadCmd=/usr/sbin/nginx -s reload', E],
  ['ReloadSignal', 'signal', false, '5.5', 'Signal sent to the container\'s main process by `systemctl reload` (adds an ExecReload with podman kill). Not together with ReloadCmd.', 'ReloadSignal=SIGHUP', E],
  ...retry('the image pull'),
  ['Rootfs', 'string', false, '4.7', 'Runs the container from a folder holding a root file system instead of an image (--rootfs); excludes Image=. Overlay syntax PATH:O is accepted.', 'Rootfs=/var/lib/machines/app', E],
  ['RunInit', 'bool', false, '4.4', 'Runs a tiny init as PID 1 that forwards signals and reaps zombies (--init).', 'RunInit=true', { defaultValue: 'false' }],
  ['SeccompProfile', 'string', false, '4.4', 'Seccomp filter to apply: the path of a JSON profile, or `unconfined` for none.', 'SeccompProfile=/etc/containers/seccomp-strict.json', { values: ['unconfined'], openValues: true }],
  ['Secret', 'string', true, '4.5', 'Makes a Podman secret available as a file or an environment variable (--secret NAME[,type=mount|env][,target=...]).', 'Secret=db-password,type=env,target=DB_PASSWORD', E],
  ['SecurityLabelDisable', 'bool', false, '4.4', 'Turns SELinux label separation off for the container (label=disable).', 'SecurityLabelDisable=true'],
  ['SecurityLabelFileType', 'string', false, '4.4', 'SELinux type given to the container\'s files (label=filetype:).', 'SecurityLabelFileType=usr_t'],
  ['SecurityLabelLevel', 'string', false, '4.4', 'SELinux level of the container\'s processes (label=level:).', 'SecurityLabelLevel=s0:c1,c2'],
  ['SecurityLabelNested', 'bool', false, '4.8', 'Lets SELinux labels work inside the container, to separate containers it starts itself (label=nested).', 'SecurityLabelNested=true', E],
  ['SecurityLabelType', 'string', false, '4.4', 'SELinux type of the container\'s processes (label=type:).', 'SecurityLabelType=spc_t'],
  serviceName(''),
  shmRow('4.7'),
  ['StartWithPod', 'bool', false, '5.3', 'With Pod=, whether starting the pod also starts this container (default true). It is stopped with the pod either way.', 'StartWithPod=false', { defaultValue: 'true', ...E }],
  ['StopSignal', 'signal', false, '5.1', 'Signal that asks the container to stop (--stop-signal); SIGTERM by default.', 'StopSignal=SIGINT', E],
  ['StopTimeout', 'int', false, '5.0', 'Seconds Podman waits after the stop signal before killing the container (--stop-timeout). Keep it below the service\'s TimeoutStopSec.', 'StopTimeout=20', E],
  ...idmapRows('4.7', 'the container').filter((r) => r[0] === 'SubGIDMap' || r[0] === 'SubUIDMap'),
  ['Sysctl', 'keyValue', true, '4.5', 'Namespaced kernel parameters set in the container (--sysctl), as NAME=VALUE words.', 'Sysctl=net.ipv4.ip_unprivileged_port_start=80', E],
  ['Timezone', 'string', false, '4.4', 'Time zone of the container (--tz), e.g. `local` or Europe/Paris.', 'Timezone=local', { values: ['local'], openValues: true }],
  ['Tmpfs', 'string', true, '4.4', 'Mounts a tmpfs at a path in the container (--tmpfs), PATH[:OPTIONS].', 'Tmpfs=/run/app:rw,size=64m'],
  ...idmapRows('4.7', 'the container').filter((r) => r[0] === 'UIDMap'),
  ['Ulimit', 'string', true, '4.7', 'A resource limit inside the container (--ulimit), NAME=SOFT[:HARD].', 'Ulimit=nofile=1024:65536'],
  ['Unmask', 'string', false, '4.7', 'Paths to unmask (--security-opt unmask=): `ALL` or colon separated paths, globs allowed.', 'Unmask=/proc/acpi', { values: ['ALL'], openValues: true, ...E }],
  ['User', 'string', false, '4.4', 'User (name or numeric id) the container process runs as (--user). Only inside the container: run a rootless Quadlet to change the host user.', 'User=1000'],
  ...idmapRows('4.7', 'the container').filter((r) => r[0] === 'UserNS'),
  volumeRow('4.4', 'the container'),
  ['WorkingDir', 'absPath', false, '4.5', 'Working folder of the container\'s process (--workdir).', 'WorkingDir=/srv/app', E],
];

// Keys from the first Quadlet releases that later manuals dropped: the 5.4 and 5.8 generators
// still accept them; the 6.0 manual no longer lists them, so they are taken as removed there.
const REMOVED = { removedIn: '6.0', sinceEstimated: false } as const;
const DEPRECATED_CONTAINER: Row[] = [
  ['RemapUsers', 'enum', false, '4.4', 'Old way to set up a user namespace: `manual` (with RemapUid=/RemapGid=), `auto` or `keep-id`. Replaced by UserNS=.', 'RemapUsers=keep-id', { values: ['manual', 'auto', 'keep-id'], deprecated: 'UserNS=', ...REMOVED }],
  ['RemapUid', 'string', true, '4.4', 'Old user id mapping used with RemapUsers=. Replaced by UIDMap= or UserNS= options.', 'RemapUid=0:10000:10', { deprecated: 'UIDMap=', ...REMOVED }],
  ['RemapGid', 'string', true, '4.4', 'Old group id mapping used with RemapUsers=. Replaced by GIDMap= or UserNS= options.', 'RemapGid=0:10000:10', { deprecated: 'GIDMap=', ...REMOVED }],
  ['RemapUidSize', 'int', false, '4.4', 'Old size of the automatic user namespace with RemapUsers=auto. Replaced by UserNS=auto:size=N.', 'RemapUidSize=65536', { deprecated: 'UserNS=auto:size=N', ...REMOVED }],
  ['VolatileTmp', 'bool', false, '4.4', 'Old switch that put a tmpfs on /tmp. Replaced by Tmpfs=/tmp.', 'VolatileTmp=true', { deprecated: 'Tmpfs=/tmp', ...REMOVED }],
];

const POD: Row[] = [
  addHostRow('5.1'),
  confModule('5.0'),
  ...dnsRows('5.1', 'the pod'),
  ['ExitPolicy', 'enum', false, '5.6', 'What the pod does when its last container exits (--exit-policy): `stop` (Quadlet\'s default) or `continue`.', 'ExitPolicy=continue', { values: ['stop', 'continue'], ...E }],
  ...idmapRows('5.1', 'the pod').filter((r) => r[0] === 'GIDMap'),
  globalArgs('pod', '5.0'),
  ['HostName', 'string', false, '5.5', 'Host name shared by the pod\'s containers (--hostname).', 'HostName=web', E],
  ...ipRows('5.1'),
  labelRow('5.6', 'the pod', E),
  ['Network', 'unitRef', true, '5.0', 'Network for the pod (--network): a mode, a network name or a `.network` unit.', 'Network=frontend.network', { refs: ['network'], values: ['host', 'none', 'bridge', 'private', 'slirp4netns', 'pasta'], openValues: true, ...E }],
  netAliasRow('5.1'),
  podmanArgs('pod create', '5.0'),
  ['PodName', 'string', false, '5.0', 'Name of the Podman pod; defaults to `systemd-` plus the unit\'s base name.', 'PodName=web', E],
  publishRow('5.0', 'the pod'),
  serviceName('-pod'),
  shmRow('5.1'),
  ['StopTimeout', 'int', false, '5.7', 'Seconds to wait for the pod\'s containers to stop before they are killed (pod stop --time).', 'StopTimeout=20', E],
  ...idmapRows('5.1', 'the pod').filter((r) => r[0] !== 'GIDMap'),
  volumeRow('5.0', 'every container of the pod'),
];

const KUBE: Row[] = [
  autoUpdateRow('4.7'),
  ['ConfigMap', 'path', true, '4.5', 'A Kubernetes ConfigMap YAML passed to kube play (--configmap); relative paths start at the unit\'s folder.', 'ConfigMap=./app-config.yaml', E],
  confModule('4.8'),
  ['ExitCodePropagation', 'enum', false, '4.6', 'How the containers\' exit codes become the service\'s: `all` fails when all failed, `any` when one failed, `none` never (default).', 'ExitCodePropagation=any', { values: ['all', 'any', 'none'], ...E }],
  globalArgs('kube', '4.8'),
  ['KubeDownForce', 'bool', false, '5.0', 'Also remove volumes when the service stops (kube down --force).', 'KubeDownForce=true', E],
  ['LogDriver', 'enum', false, '4.5', 'Log driver of the created containers (--log-driver).', 'LogDriver=journald', { values: ['journald', 'k8s-file', 'json-file', 'none', 'passthrough'], openValues: true, ...E }],
  ['Network', 'unitRef', true, '4.5', 'Network for the pods (--network): a mode, a network name or a `.network` unit.', 'Network=backend.network', { refs: ['network'], values: ['host', 'none', 'bridge'], openValues: true, ...E }],
  podmanArgs('kube play', '4.5'),
  publishRow('4.5', 'the pods'),
  serviceName(''),
  ['SetWorkingDirectory', 'enum', false, '4.6', 'Sets the service\'s WorkingDirectory to the folder of the YAML file (`yaml`) or of the unit (`unit`), so relative paths in the YAML resolve.', 'SetWorkingDirectory=yaml', { values: ['yaml', 'unit'], ...E }],
  ...idmapRows('4.4', 'the pods').filter((r) => r[0] === 'UserNS'),
  ['Yaml', 'path', true, '4.4', 'The Kubernetes YAML to play (required); relative paths start at the unit\'s folder.', 'Yaml=./web.yaml'],
];

const NETWORK: Row[] = [
  confModule('4.8'),
  ['DisableDNS', 'bool', false, '4.4', 'Turns off the network\'s DNS server (--disable-dns).', 'DisableDNS=true', { defaultValue: 'false' }],
  ['DNS', 'ip', true, '4.7', 'A DNS server for containers on this network (--dns).', 'DNS=192.168.55.1'],
  ['Driver', 'enum', false, '4.4', 'Network driver (--driver).', 'Driver=macvlan', { values: ['bridge', 'macvlan', 'ipvlan'], openValues: true, defaultValue: 'bridge' }],
  ['Gateway', 'ip', true, '4.4', 'Gateway address of a subnet (--gateway); given in the same order as Subnet=.', 'Gateway=192.168.55.1'],
  globalArgs('network', '4.8'),
  ['InterfaceName', 'string', false, '5.5', 'Name of the network interface: the bridge for `bridge`, the parent device for macvlan/ipvlan (--interface-name).', 'InterfaceName=enp1s0', E],
  ['Internal', 'bool', false, '4.4', 'Keeps the network off the outside world (--internal).', 'Internal=true', { defaultValue: 'false' }],
  ['IPAMDriver', 'enum', false, '4.4', 'How addresses are handed out (--ipam-driver).', 'IPAMDriver=dhcp', { values: ['host-local', 'dhcp', 'none'], openValues: true }],
  ['IPRange', 'cidr', true, '4.4', 'Range (CIDR or START-END) of a subnet from which container addresses are picked (--ip-range).', 'IPRange=192.168.55.128/25'],
  ['IPv6', 'bool', false, '4.4', 'Enables IPv6 (dual stack) on the network (--ipv6).', 'IPv6=true'],
  labelRow('4.4', 'the network'),
  ['NetworkDeleteOnStop', 'bool', false, '5.5', 'Removes the network when the service stops (adds an ExecStopPost).', 'NetworkDeleteOnStop=true', { defaultValue: 'false', ...E }],
  ['NetworkName', 'string', false, '4.7', 'Name of the Podman network; defaults to `systemd-` plus the unit\'s base name.', 'NetworkName=backend', E],
  ['Options', 'keyValue', false, '4.4', 'Driver specific options (--opt), e.g. isolate=true or mtu=1400.', 'Options=isolate=true'],
  podmanArgs('network create', '4.5'),
  serviceName('-network'),
  ['Subnet', 'cidr', true, '4.4', 'A subnet in CIDR form (--subnet); repeat for several.', 'Subnet=192.168.55.0/24'],
];

const VOLUME: Row[] = [
  confModule('4.8'),
  ['Copy', 'bool', false, '4.4', 'Whether the image\'s content at the mount point is copied into the empty volume (--opt copy / nocopy).', 'Copy=false', { defaultValue: 'true' }],
  ['Device', 'string', false, '4.4', 'Device to mount as the volume (--opt device=), e.g. a disk or `tmpfs`.', 'Device=/dev/sdb1'],
  ['Driver', 'string', false, '4.8', 'Volume driver (--driver), e.g. `image` to back the volume with an image.', 'Driver=image', { values: ['local', 'image'], openValues: true, ...E }],
  ['GID', 'int', false, '6.0', 'Group owning the volume\'s mount point folder (--gid); not passed to mount.', 'GID=5678', E],
  globalArgs('volume', '4.8'),
  ['Group', 'string', false, '4.4', 'Host group (id or name) passed to the mount as its owner (--opt o=group=).', 'Group=192'],
  ['Image', 'unitRef', false, '4.8', 'With Driver=image, the image behind the volume; may name a `.image` or `.build` unit.', 'Image=quay.io/centos/centos:latest', { refs: ['image', 'build'], ...E }],
  labelRow('4.4', 'the volume'),
  ['Options', 'string', false, '4.4', 'Mount options for Device (--opt o=).', 'Options=size=512m'],
  podmanArgs('volume create', '4.5'),
  serviceName('-volume'),
  ['Type', 'string', false, '4.4', 'File system type of Device, as for mount -t (--opt type=).', 'Type=tmpfs'],
  ['UID', 'int', false, '6.0', 'User owning the volume\'s mount point folder (--uid); not passed to mount.', 'UID=1234', E],
  ['User', 'string', false, '4.4', 'Host user (id or name) passed to the mount as its owner (--opt o=uid=).', 'User=123'],
  ['VolumeName', 'string', false, '4.7', 'Name of the Podman volume; defaults to `systemd-` plus the unit\'s base name.', 'VolumeName=app-data', E],
];

const BUILD: Row[] = [
  ['Annotation', 'keyValue', true, '5.0', 'Annotations stored in the built image (--annotation).', 'Annotation=org.example.team=ops', E],
  ['Arch', 'string', false, '5.0', 'CPU architecture to build for (--arch).', 'Arch=aarch64', E],
  authRows('5.0')[0],
  ['BuildArg', 'keyValue', true, '5.7', 'Build-time variables for ARG instructions (--build-arg), KEY=VALUE words.', 'BuildArg=VERSION=1.0 DEBUG=false', E],
  confModule('5.0'),
  ...dnsRows('5.0', 'RUN steps'),
  ['Environment', 'keyValue', true, '5.0', 'Environment variables added to the image (--env).', 'Environment=LANG=C.UTF-8', E],
  ['File', 'path', false, '5.0', 'Containerfile to build (--file): a path, relative paths needing SetWorkingDirectory=, or an http(s) URL.', 'File=./Containerfile', E],
  ['ForceRM', 'bool', false, '5.0', 'Removes intermediate containers even when the build fails (--force-rm, default true).', 'ForceRM=false', { defaultValue: 'true', ...E }],
  globalArgs('build', '5.0'),
  ['GroupAdd', 'list', true, '5.0', 'Extra groups for the user of RUN steps (--group-add); `keep-groups` is accepted.', 'GroupAdd=keep-groups', { values: ['keep-groups'], openValues: true, ...E }],
  ['IgnoreFile', 'path', false, '5.7', 'A .containerignore file to use instead of the one in the context (--ignorefile).', 'IgnoreFile=./.buildignore', E],
  ['ImageTag', 'string', true, '5.0', 'Name given to the built image (--tag); required. The first one is the image other units get when they reference this `.build`.', 'ImageTag=localhost/myapp:latest', E],
  labelRow('5.0', 'the image'),
  ['Network', 'unitRef', true, '5.0', 'Network used by RUN steps (--network): a mode, a name or a `.network` unit.', 'Network=host', { refs: ['network'], values: ['host', 'none', 'private'], openValues: true, ...E }],
  podmanArgs('build', '5.0'),
  ['Pull', 'enum', false, '5.0', 'When base images are pulled (--pull).', 'Pull=never', { values: pullValues, ...E }],
  ...retry('a pull during the build'),
  ['Secret', 'string', true, '5.0', 'A secret made available to RUN steps (--secret id=ID,src=PATH).', 'Secret=id=npmrc,src=/etc/npmrc', E],
  serviceName('-build'),
  ['SetWorkingDirectory', 'string', false, '5.0', 'Build context: a path or URL, or `file` (folder of File=) or `unit` (folder of the unit), which also set the service\'s WorkingDirectory.', 'SetWorkingDirectory=unit', { values: ['file', 'unit'], openValues: true, ...E }],
  ['Target', 'string', false, '5.0', 'Stage of a multi-stage Containerfile to stop at (--target).', 'Target=runtime', E],
  authRows('5.0')[4],
  ['Variant', 'string', false, '5.0', 'Architecture variant to build for (--variant), e.g. arm/v7.', 'Variant=arm/v7', E],
  volumeRow('5.0', 'RUN steps of the build'),
];

const IMAGE: Row[] = [
  ['AllTags', 'bool', false, '4.8', 'Pulls every tag of the repository (--all-tags).', 'AllTags=true', E],
  ['Arch', 'string', false, '4.8', 'Architecture to pull instead of the host\'s (--arch).', 'Arch=aarch64', E],
  ...authRows('4.8').slice(0, 4),
  confModule('4.8'),
  globalArgs('image', '4.8'),
  ['Image', 'string', false, '4.8', 'Image to pull (required), fully qualified at best.', 'Image=quay.io/centos/centos:latest', E],
  ['ImageTag', 'string', false, '5.0', 'Name other units get when they reference this `.image`, useful when Image= is a digest or would be resolved.', 'ImageTag=quay.io/centos/centos:latest', E],
  ['OS', 'string', false, '4.8', 'Operating system to pull instead of the host\'s (--os).', 'OS=linux', E],
  podmanArgs('image pull', '4.8'),
  ['Policy', 'enum', false, '5.6', 'Pull policy (--policy): `always` pulls on every start, `missing` only when absent.', 'Policy=missing', { values: ['always', 'missing', 'never', 'newer'], ...E }],
  ...retry('the pull'),
  serviceName('-image'),
  authRows('4.8')[4],
  ['Variant', 'string', false, '4.8', 'Architecture variant to pull (--variant).', 'Variant=arm/v7', E],
];

const ARTIFACT: Row[] = [
  ['Artifact', 'string', false, '5.7', 'OCI artifact to pull (required), fully qualified.', 'Artifact=quay.io/example/models:v1', E],
  ...authRows('5.7').slice(0, 4),
  confModule('5.7'),
  globalArgs('artifact', '5.7'),
  podmanArgs('artifact pull', '5.7'),
  ['Quiet', 'bool', false, '5.7', 'Pulls without progress output (--quiet).', 'Quiet=true', E],
  ...retry('the pull'),
  serviceName('-artifact'),
  authRows('5.7')[4],
];

const QUADLET: Row[] = [
  ['DefaultDependencies', 'bool', false, '5.3', 'Whether Quadlet adds its wait-for-network dependencies (on network-online.target, or podman-user-wait-network-online.service for users). Not the [Unit] key of the same name.', 'DefaultDependencies=false', { defaultValue: 'true', ...E }],
];

const depRow = (key: string, what: string): Row => [key, 'list', true, '', `${what} Naming a Quadlet file (db.container) is translated into its service name.`, `${key}=db.container network-online.target`];

const UNIT: Row[] = [
  ['Description', 'string', false, '', 'Human readable name of the service, shown by systemctl.', 'Description=Web front end'],
  ['Documentation', 'list', true, '', 'URLs (http:, https:, man:, file:) documenting the service.', 'Documentation=https://example.com/runbook'],
  depRow('After', 'Units this one starts after (ordering only).'),
  depRow('Before', 'Units this one starts before (ordering only).'),
  depRow('Requires', 'Units that must start with this one; if they fail, this one fails too.'),
  depRow('Wants', 'Units started along with this one; their failure is tolerated.'),
  depRow('BindsTo', 'Like Requires=, and this unit also stops when the other stops.'),
  depRow('PartOf', 'Stopping or restarting those units also stops or restarts this one.'),
  depRow('Requisite', 'Units that must already be active; they are not started.'),
  depRow('Upholds', 'Units kept running while this one is active.'),
  depRow('Conflicts', 'Units that are stopped when this one starts, and vice versa.'),
  ['OnFailure', 'list', true, '', 'Units activated when this one enters the failed state.', 'OnFailure=notify-failure@%n.service'],
  ['StartLimitIntervalSec', 'duration', false, '', 'Time window for the start rate limit.', 'StartLimitIntervalSec=10min'],
  ['StartLimitBurst', 'int', false, '', 'Starts allowed within StartLimitIntervalSec before systemd gives up.', 'StartLimitBurst=5'],
  ['ConditionPathExists', 'string', true, '', 'Skips the start unless the path exists (a leading ! inverts).', 'ConditionPathExists=/etc/app/config.yaml'],
  ['AssertPathExists', 'string', true, '', 'Fails the start unless the path exists.', 'AssertPathExists=/srv/data'],
  ['RequiresMountsFor', 'list', true, '', 'Adds dependencies on the mounts needed to reach these paths.', 'RequiresMountsFor=/srv/data'],
  ['DefaultDependencies', 'bool', false, '', 'systemd\'s implicit dependencies of the unit (not Quadlet\'s network ones: see [Quadlet]).', 'DefaultDependencies=no'],
  ['StopWhenUnneeded', 'bool', false, '', 'Stops the unit when nothing needs it any more.', 'StopWhenUnneeded=yes'],
];

const restartValues = ['no', 'on-success', 'on-failure', 'on-abnormal', 'on-watchdog', 'on-abort', 'always'];
const SERVICE: Row[] = [
  ['Type', 'enum', false, '', 'How systemd decides the service has started. Quadlet picks notify (container, kube), forking (pod) or oneshot (others); `oneshot` suits containers that exit.', 'Type=oneshot', { values: ['simple', 'exec', 'forking', 'oneshot', 'dbus', 'notify', 'notify-reload', 'idle'] }],
  ['Restart', 'enum', false, '', 'When systemd restarts the service after it exits.', 'Restart=on-failure', { values: restartValues }],
  ['RestartSec', 'duration', false, '', 'Pause before a restart.', 'RestartSec=5s'],
  ['TimeoutStartSec', 'duration', false, '', 'Longest start-up time; raise it when the image must be pulled or built first. `infinity` disables it.', 'TimeoutStartSec=900'],
  ['TimeoutStopSec', 'duration', false, '', 'Longest time stopping may take before the service is killed.', 'TimeoutStopSec=70'],
  ['TimeoutSec', 'duration', false, '', 'Sets TimeoutStartSec and TimeoutStopSec at once.', 'TimeoutSec=300'],
  ['RemainAfterExit', 'bool', false, '', 'Keeps the service active after its process exits (useful with Type=oneshot).', 'RemainAfterExit=yes'],
  ['Environment', 'keyValue', true, '', 'Environment of the Podman command itself, not of the container (use [Container] Environment= for that).', 'Environment=REGISTRY_AUTH_FILE=/etc/auth.json'],
  ['EnvironmentFile', 'path', true, '', 'File of variables for the Podman command itself; a leading - ignores a missing file.', 'EnvironmentFile=-/etc/default/app'],
  ['ExecStartPre', 'command', true, '', 'Command run before the container starts.', 'ExecStartPre=/usr/bin/mkdir -p /srv/data'],
  ['ExecStartPost', 'command', true, '', 'Command run after the service started.', 'ExecStartPost=/usr/local/bin/register.sh'],
  ['ExecStop', 'command', true, '', 'Command that stops the service (Quadlet sets its own for containers).', 'ExecStop=/usr/local/bin/drain.sh'],
  ['ExecStopPost', 'command', true, '', 'Command run after the service stopped.', 'ExecStopPost=/usr/local/bin/cleanup.sh'],
  ['ExecReload', 'command', true, '', 'Command run by systemctl reload (see ReloadCmd=/ReloadSignal= in [Container]).', 'ExecReload=/usr/bin/podman kill --signal HUP %N'],
  ['WorkingDirectory', 'string', false, '', 'Working folder of the Podman command; relative paths in Podman arguments resolve against it.', 'WorkingDirectory=%h/app'],
  ['Slice', 'string', false, '', 'The cgroup slice the service runs in, e.g. to group resource limits.', 'Slice=apps.slice'],
  ['KillMode', 'enum', false, '', 'Which processes systemd kills on stop; Quadlet sets mixed for containers.', 'KillMode=mixed', { values: ['control-group', 'mixed', 'process', 'none'] }],
  ['Delegate', 'bool', false, '', 'Hands the cgroup subtree to the service (Quadlet sets yes for containers).', 'Delegate=yes'],
  ['NotifyAccess', 'enum', false, '', 'Which processes may send readiness notifications.', 'NotifyAccess=all', { values: ['none', 'main', 'exec', 'all'] }],
  ['SyslogIdentifier', 'string', false, '', 'Name shown for the service\'s lines in the journal.', 'SyslogIdentifier=web'],
  ['LimitNOFILE', 'string', false, '', 'Open file limit of the Podman process (and what it passes on).', 'LimitNOFILE=65536'],
  ['MemoryMax', 'size', false, '', 'Hard memory limit of the service\'s cgroup.', 'MemoryMax=2G'],
  ['CPUQuota', 'string', false, '', 'CPU time limit of the service as a percentage.', 'CPUQuota=150%'],
  ['Nice', 'int', false, '', 'Scheduling priority (-20 to 19).', 'Nice=5'],
  ['StandardOutput', 'string', false, '', 'Where the Podman process\'s output goes.', 'StandardOutput=journal', { values: ['inherit', 'null', 'tty', 'journal', 'kmsg', 'journal+console'], openValues: true }],
  ['WatchdogSec', 'duration', false, '', 'Watchdog timeout for services that send keep-alive notifications.', 'WatchdogSec=30s'],
  ['User', 'string', false, '', 'Not supported by Quadlet: to run as another user, place the file in that user\'s rootless search path.', 'User=app', { refused: true }],
  ['Group', 'string', false, '', 'Not supported by Quadlet: to run as another user, place the file in that user\'s rootless search path.', 'Group=app', { refused: true }],
  ['DynamicUser', 'bool', false, '', 'Not supported by Quadlet: the generated service must run as the Podman user that owns the containers.', 'DynamicUser=yes', { refused: true }],
];

const INSTALL: Row[] = [
  ['WantedBy', 'list', true, '', 'Targets that pull the service in when it is installed (applied by the generator, since generated units cannot be enabled).', 'WantedBy=default.target', { values: ['default.target', 'multi-user.target'], openValues: true }],
  ['RequiredBy', 'list', true, '', 'Units that require this service once installed.', 'RequiredBy=app.target'],
  ['UpheldBy', 'list', true, '', 'Units that keep this service running once installed.', 'UpheldBy=app.target'],
  ['Alias', 'list', true, '', 'Additional names for the service, as symlinks.', 'Alias=web.service'],
  ['DefaultInstance', 'string', false, '', 'For a template (name@.container), the instance enabled by default.', 'DefaultInstance=main'],
  ['Also', 'list', true, '', 'Other units installed together with this one (not applied by Quadlet).', 'Also=web-backup.timer'],
];

function build(section: string, rows: Row[]): KeyInfo[] {
  return rows.map(([key, kind, repeatable, since, description, example, extra]) => ({
    key,
    section,
    kind,
    repeatable,
    ...(since ? { since } : {}),
    description,
    example,
    ...(extra ?? {}),
  }));
}

/** Quadlet sections in the manual's order, then the systemd ones. */
export const SECTIONS: Record<string, KeyInfo[]> = {
  Container: build('Container', [...CONTAINER, ...DEPRECATED_CONTAINER]),
  Pod: build('Pod', POD),
  Kube: build('Kube', KUBE),
  Network: build('Network', NETWORK),
  Volume: build('Volume', VOLUME),
  Build: build('Build', BUILD),
  Image: build('Image', IMAGE),
  Artifact: build('Artifact', ARTIFACT),
  Quadlet: build('Quadlet', QUADLET),
  Unit: build('Unit', UNIT),
  Service: build('Service', SERVICE),
  Install: build('Install', INSTALL),
};

/** Sections systemd handles; Quadlet copies them into the service. */
export const SYSTEMD_SECTIONS = ['Unit', 'Service', 'Install'] as const;

export const SECTION_DESCRIPTIONS: Record<string, string> = {
  Container: 'Podman container run as a service (`podman run`).',
  Pod: 'Podman pod that `.container` units can join (`podman pod create`).',
  Kube: 'Kubernetes YAML played as a service (`podman kube play`).',
  Network: 'Podman network created on demand (`podman network create`).',
  Volume: 'Podman volume created on demand (`podman volume create`).',
  Build: 'Image built from a Containerfile (`podman build`).',
  Image: 'Image pulled on demand (`podman image pull`).',
  Artifact: 'OCI artifact pulled on demand (`podman artifact pull`); experimental.',
  Quadlet: 'Options of the Quadlet generator itself, shared by every unit type.',
  Unit: 'systemd [Unit] section, copied into the generated service (dependencies, description).',
  Service: 'systemd [Service] section, copied into the generated service (restart policy, timeouts).',
  Install: 'systemd [Install] section, applied by the generator (WantedBy=, RequiredBy=, Alias=, UpheldBy=).',
};

const index = new Map<string, Map<string, KeyInfo>>();
for (const [section, keys] of Object.entries(SECTIONS)) index.set(section, new Map(keys.map((k) => [k.key, k])));

export function keyInfo(section: string, key: string): KeyInfo | undefined {
  return index.get(section)?.get(key);
}

export function sectionKeys(section: string): KeyInfo[] {
  return SECTIONS[section] ?? [];
}

export function isKnownSection(section: string): boolean {
  return index.has(section);
}

/** Unit types whose own section knows this key (for "belongs to another unit type"). */
export function typesWithKey(key: string): UnitType[] {
  return UNIT_TYPES.filter((t) => index.get(TYPE_SECTION[t])?.has(key));
}

export function unitTypeOfSection(section: string): UnitType | undefined {
  return UNIT_TYPES.find((t) => TYPE_SECTION[t] === section);
}

/** Compares dotted versions ("5.4.2" vs "5.5"); missing parts count as 0; suffixes like -dev ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).slice(0, 3).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
