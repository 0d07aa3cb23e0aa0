// The Containerfile dialect as Podman and Buildah accept it: instructions, their flags,
// RUN --mount types and options, --network values and predefined build arguments.
// Every description here is our own wording; the facts follow Containerfile(5).
import { editDistance } from '../editDistance';

export interface FlagInfo {
  readonly name: string;
  readonly description: string;
  /** Allowed values; undefined means free text. */
  readonly values?: readonly string[];
  /** The flag may be given without `=value` (booleans such as --link). */
  readonly noValue?: boolean;
  /** The value is a duration such as 30s or 1m30s. */
  readonly duration?: boolean;
}

export interface InstructionInfo {
  readonly name: string;
  readonly syntax: string;
  readonly description: string;
  readonly flags: readonly FlagInfo[];
  /** Arguments may be written as a JSON array (exec form). */
  readonly execForm?: boolean;
  /** Heredoc bodies (<<EOF) follow the instruction line. */
  readonly heredocs?: boolean;
  /** The builder itself substitutes $VAR in the arguments (not a shell). */
  readonly expandsVariables?: boolean;
}

export const NETWORK_VALUES = ['default', 'none', 'host'] as const;

const CHOWN: FlagInfo = {
  name: 'chown',
  description: 'Owner of the copied files, as `user:group` names or numeric ids.',
};
const CHMOD: FlagInfo = { name: 'chmod', description: 'Permission bits given to the copied files, e.g. `0755`.' };
const LINK: FlagInfo = {
  name: 'link',
  description: 'Copy into an independent layer so it can be reused when earlier layers change.',
  noValue: true,
  values: ['true', 'false'],
};
const EXCLUDE: FlagInfo = { name: 'exclude', description: 'A path pattern to leave out of the copy; may be repeated.' };

export const INSTRUCTIONS: readonly InstructionInfo[] = [
  {
    name: 'FROM',
    syntax: 'FROM [--platform=<platform>] <image> [AS <name>]',
    description:
      'Starts a build stage on top of an image (or an earlier stage). `AS name` lets later stages refer to it.',
    flags: [
      {
        name: 'platform',
        description: 'Pull the base image for this OS/architecture, e.g. `linux/arm64` or `$BUILDPLATFORM`.',
      },
    ],
    expandsVariables: true,
  },
  {
    name: 'RUN',
    syntax: 'RUN [--mount=...] [--network=...] <command> | ["executable", "arg", ...]',
    description: 'Runs a command inside the image being built and keeps the resulting file changes as a new layer.',
    flags: [
      {
        name: 'mount',
        description:
          'Attach a filesystem for the duration of this command only: `type=bind|cache|secret|ssh|tmpfs` plus options for that type.',
      },
      {
        name: 'network',
        description: 'Network the command runs in: `default`, `none` (isolated) or `host`.',
        values: NETWORK_VALUES,
      },
    ],
    execForm: true,
    heredocs: true,
  },
  {
    name: 'CMD',
    syntax: 'CMD ["executable", "arg", ...] | CMD ["arg", ...] | CMD <command>',
    description:
      'The default command (or default ENTRYPOINT arguments) of containers run from the image. Only the last CMD of a stage counts.',
    flags: [],
    execForm: true,
  },
  {
    name: 'LABEL',
    syntax: 'LABEL <key>=<value> [<key>=<value> ...]',
    description:
      'Attaches key/value metadata to the image. Keys set later replace earlier ones, including those of the base image.',
    flags: [],
    expandsVariables: true,
  },
  {
    name: 'MAINTAINER',
    syntax: 'MAINTAINER <name>',
    description:
      'Records the image author. Kept for compatibility; a `LABEL` such as `org.opencontainers.image.authors` says the same.',
    flags: [],
  },
  {
    name: 'EXPOSE',
    syntax: 'EXPOSE <port>[/<tcp|udp>] ...',
    description:
      'Documents the ports the containerized service listens on. It does not publish them; `podman run -p` does.',
    flags: [],
    expandsVariables: true,
  },
  {
    name: 'ENV',
    syntax: 'ENV <key>=<value> ... | ENV <key> <value>',
    description: 'Sets environment variables for the rest of the build and for containers run from the image.',
    flags: [],
    expandsVariables: true,
  },
  {
    name: 'ADD',
    syntax: 'ADD [--chown=..] [--chmod=..] <src>... <dest> | ["<src>", ... "<dest>"]',
    description:
      'Copies files, URLs or git repositories into the image; local tar archives are unpacked. Prefer COPY for plain files.',
    flags: [
      CHOWN,
      CHMOD,
      LINK,
      EXCLUDE,
      {
        name: 'checksum',
        description: 'Expected digest of a remote source, e.g. `sha256:<hex>`; the build fails on mismatch.',
      },
      {
        name: 'keep-git-dir',
        description: 'Keep the `.git` directory when the source is a git repository.',
        noValue: true,
        values: ['true', 'false'],
      },
    ],
    execForm: true,
    heredocs: true,
    expandsVariables: true,
  },
  {
    name: 'COPY',
    syntax: 'COPY [--from=<stage|image>] [--chown=..] [--chmod=..] <src>... <dest> | ["<src>", ... "<dest>"]',
    description: 'Copies files from the build context, or from another stage or image with `--from`, into the image.',
    flags: [
      {
        name: 'from',
        description: 'Copy from this build stage (name or index) or image instead of the build context.',
      },
      CHOWN,
      CHMOD,
      LINK,
      EXCLUDE,
      {
        name: 'parents',
        description: 'Keep the directory structure of the sources below the destination.',
        noValue: true,
        values: ['true', 'false'],
      },
    ],
    execForm: true,
    heredocs: true,
    expandsVariables: true,
  },
  {
    name: 'ENTRYPOINT',
    syntax: 'ENTRYPOINT ["executable", "arg", ...] | ENTRYPOINT <command>',
    description:
      'The program every container of this image runs; `podman run` arguments (or CMD) are appended to it in exec form.',
    flags: [],
    execForm: true,
  },
  {
    name: 'VOLUME',
    syntax: 'VOLUME <path> ... | ["<path>", ...]',
    description: 'Marks paths whose content lives in a volume rather than in the container layer.',
    flags: [],
    execForm: true,
    expandsVariables: true,
  },
  {
    name: 'USER',
    syntax: 'USER <user>[:<group>]',
    description: 'User (and optionally group), by name or id, for the following RUN, CMD and ENTRYPOINT.',
    flags: [],
    expandsVariables: true,
  },
  {
    name: 'WORKDIR',
    syntax: 'WORKDIR <path>',
    description:
      'Changes the working directory for the instructions after it, creating it if needed. Relative paths build on the previous WORKDIR.',
    flags: [],
    expandsVariables: true,
  },
  {
    name: 'ARG',
    syntax: 'ARG <name>[=<default>] ...',
    description:
      'Declares a build argument, settable with `podman build --build-arg`. Before the first FROM it is global and only FROM lines see it unless a stage declares it again.',
    flags: [],
    expandsVariables: true,
  },
  {
    name: 'ONBUILD',
    syntax: 'ONBUILD <instruction>',
    description: 'Stores an instruction that runs later, when another build uses this image as its base.',
    flags: [],
  },
  {
    name: 'STOPSIGNAL',
    syntax: 'STOPSIGNAL <signal>',
    description: 'Signal sent to stop the container, by name (`SIGTERM`) or number.',
    flags: [],
    expandsVariables: true,
  },
  {
    name: 'HEALTHCHECK',
    syntax:
      'HEALTHCHECK [--interval=..] [--timeout=..] [--start-period=..] [--retries=..] CMD <command> | HEALTHCHECK NONE',
    description:
      'A command run inside the container to tell whether it is healthy; `NONE` turns off a check inherited from the base image. Podman keeps it only in docker image format.',
    flags: [
      { name: 'interval', description: 'Time between two checks (e.g. `30s`).', duration: true },
      { name: 'timeout', description: 'A check taking longer than this counts as failed.', duration: true },
      {
        name: 'start-period',
        description: 'Grace time after start during which failures are not counted.',
        duration: true,
      },
      { name: 'start-interval', description: 'Time between checks during the start period.', duration: true },
      { name: 'retries', description: 'Consecutive failures before the container is reported unhealthy.' },
    ],
  },
  {
    name: 'SHELL',
    syntax: 'SHELL ["executable", "arg", ...]',
    description:
      'The shell used for the shell form of RUN, CMD and ENTRYPOINT (default `["/bin/sh", "-c"]`). Must be a JSON array.',
    flags: [],
    execForm: true,
  },
];

export const INSTRUCTION_BY_NAME: ReadonlyMap<string, InstructionInfo> = new Map(INSTRUCTIONS.map((i) => [i.name, i]));

/** Instructions ONBUILD may not carry. */
export const ONBUILD_FORBIDDEN = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

export interface MountOptionInfo {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly description: string;
  readonly values?: readonly string[];
  /** 'flag': no value allowed; 'optional': bare or with a value; 'required' (default): needs =value. */
  readonly valueKind?: 'flag' | 'optional' | 'required';
  readonly check?: 'octal' | 'integer' | 'size' | 'boolean';
}

export interface MountTypeInfo {
  readonly type: string;
  readonly description: string;
  readonly options: readonly MountOptionInfo[];
  /** Canonical option names that must be present. */
  readonly required: readonly string[];
}

const TARGET: MountOptionInfo = {
  name: 'target',
  aliases: ['dst', 'destination'],
  description: 'Where the mount appears inside the build container.',
};
const SOURCE_BIND: MountOptionInfo = {
  name: 'source',
  aliases: ['src'],
  description:
    'Path to mount, inside the build context or, with `from`, inside that stage or image (default: its root).',
};
const RO: MountOptionInfo = {
  name: 'ro',
  aliases: ['readonly', 'read-only'],
  description: 'Mount read-only (`true`, the default for bind mounts, or `false`).',
  valueKind: 'optional',
  values: ['true', 'false'],
  check: 'boolean',
};
const RW: MountOptionInfo = {
  name: 'rw',
  aliases: ['read-write'],
  description: 'Allow the command to write to the mount (writes to a bind mount are discarded afterwards).',
  valueKind: 'optional',
  values: ['true', 'false'],
  check: 'boolean',
};
const FROM_OPT: MountOptionInfo = {
  name: 'from',
  description: 'Stage name or image whose file system is the root of `source`.',
};
const UID: MountOptionInfo = { name: 'uid', description: 'Numeric owner id.', check: 'integer' };
const GID: MountOptionInfo = { name: 'gid', description: 'Numeric group id.', check: 'integer' };

export const MOUNT_TYPES: readonly MountTypeInfo[] = [
  {
    type: 'bind',
    description:
      'Mounts a directory or file from the build context, a stage or an image, read-only unless `rw` is given.',
    required: ['target'],
    options: [
      SOURCE_BIND,
      TARGET,
      FROM_OPT,
      RO,
      RW,
      {
        name: 'bind-propagation',
        description: 'How mount events propagate between host and container.',
        values: ['shared', 'slave', 'private', 'rshared', 'rslave', 'rprivate'],
      },
      {
        name: 'bind-nonrecursive',
        description: 'Do not bind the mounts found below the source (the bind is recursive by default).',
        valueKind: 'flag',
      },
      {
        name: 'relabel',
        description:
          'SELinux relabelling of the source: `shared` (usable by several containers) or `private` (this container only).',
        values: ['shared', 'private'],
      },
      {
        name: 'z',
        description: 'Relabel the source with a label shared between containers (same as `relabel=shared`).',
        valueKind: 'flag',
      },
      {
        name: 'Z',
        description: 'Relabel the source with a label private to this container (same as `relabel=private`).',
        valueKind: 'flag',
      },
    ],
  },
  {
    type: 'cache',
    description: 'A persistent directory kept between builds, e.g. for package manager caches.',
    required: ['target'],
    options: [
      TARGET,
      { name: 'id', description: 'Name of the cache; mounts with the same id share content.' },
      {
        name: 'source',
        aliases: ['src'],
        description: 'Subdirectory of the `from` stage or image to seed the cache with.',
      },
      {
        ...FROM_OPT,
        description: 'Stage or image that provides the initial cache content instead of an empty host directory.',
      },
      {
        name: 'mode',
        description: 'Permission bits of a newly created cache directory, in octal (default 0755).',
        check: 'octal',
      },
      UID,
      GID,
      {
        name: 'sharing',
        description: 'How concurrent builds share the cache: `shared`, `private` or `locked`.',
        values: ['shared', 'private', 'locked'],
      },
      RO,
      RW,
    ],
  },
  {
    type: 'secret',
    description:
      'Exposes a secret given with `podman build --secret id=...` as a file during this command only; it never enters a layer.',
    required: ['id'],
    options: [
      { name: 'id', description: 'Identifier of the secret passed to `podman build --secret id=<id>,src=<file>`.' },
      { ...TARGET, description: 'File path of the secret in the build container (default `/run/secrets/<id>`).' },
      {
        name: 'required',
        description: 'Fail the build when the secret was not provided.',
        valueKind: 'optional',
        values: ['true', 'false'],
        check: 'boolean',
      },
      { name: 'mode', description: 'Permission bits of the secret file, in octal (default 0400).', check: 'octal' },
      UID,
      GID,
    ],
  },
  {
    type: 'ssh',
    description:
      'Exposes the SSH agent given to `podman build --ssh <id>` as a socket (SSH_AUTH_SOCK) during this command only. Without it the command runs with no agent.',
    required: [],
    options: [
      { name: 'id', description: 'Which `podman build --ssh <id>[=<socket>]` agent to use (default `default`).' },
      {
        ...TARGET,
        description: 'Path of the agent socket in the build container (default `/run/buildkit/ssh_agent.0`).',
      },
      {
        name: 'required',
        description: 'Fail the build when no agent with this id was given.',
        valueKind: 'optional',
        values: ['true', 'false'],
        check: 'boolean',
      },
      { name: 'mode', description: 'Permission bits of the socket, in octal (default 0600).', check: 'octal' },
      UID,
      GID,
    ],
  },
  {
    type: 'tmpfs',
    description: 'An empty in-memory file system, discarded after the command.',
    required: ['target'],
    options: [
      TARGET,
      {
        name: 'tmpfs-size',
        description: 'Size limit, in bytes or with a unit such as `512M` (no limit by default).',
        check: 'size',
      },
      {
        name: 'tmpfs-mode',
        description: 'Permission bits of the tmpfs root, in octal (default 1777).',
        check: 'octal',
      },
      {
        name: 'tmpcopyup',
        description: 'Copy the content hidden by the mount point into the tmpfs first.',
        valueKind: 'flag',
      },
      RO,
      RW,
    ],
  },
];

export const MOUNT_TYPE_BY_NAME: ReadonlyMap<string, MountTypeInfo> = new Map(MOUNT_TYPES.map((t) => [t.type, t]));

/** Build arguments the builder defines without an ARG instruction. */
export const PREDEFINED_ARGS: readonly string[] = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
];

/** Environment most base images set; `ENV PATH=/x:$PATH` must not be reported. */
export const BASE_IMAGE_ENV: readonly string[] = [
  'PATH',
  'HOME',
  'HOSTNAME',
  'TERM',
  'LANG',
  'LC_ALL',
  'PWD',
  'SHELL',
  'USER',
];

export { editDistance };

/** The closest candidate within `max` edits (case-insensitive), if any. */
export function nearest(word: string, candidates: Iterable<string>, max = 2): string | undefined {
  let best: string | undefined;
  let bestD = max + 1;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), max);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
