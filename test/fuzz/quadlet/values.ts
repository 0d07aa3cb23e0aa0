// Values for the Quadlet fuzzer, drawn from each key's grammar (its catalogue kind, or a
// key-specific grammar for keys whose values name other units, mounts or files) with the edge
// cases unit files allow: quotes, backslashes, `$`, `%` specifiers, blanks, empty values.
import type { KeyInfo, UnitType } from '../../../src/languages/quadlet/catalogue';
import type { Rng } from './random';

/** The units of the folder being written, by type, for references between them. */
export type Siblings = Record<UnitType, string[]>;

/** Words a free string may hold, quoted or not. */
const WORDS = ['alpha', 'b-2', 'c_3.d', '$HOME', '${VAR}', '$$x', '%n', '%i', '%h/x', 'x=y', 'a:b', '@at', 'ünï'];
const QUOTED = ['"with space"', "'single quoted'", '"a\\"b"', '"back\\\\slash"', '"$HOME and %n"', "'it''s'"];
const ESCAPED = ['a\\ b', 'tab\\tx', 'c\\\\d', 'semi\\;colon'];

const pickWord = (rng: Rng) =>
  rng.chance(0.2) ? rng.pick(QUOTED) : rng.chance(0.1) ? rng.pick(ESCAPED) : rng.pick(WORDS);
const words = (rng: Rng, max: number) => Array.from({ length: 1 + rng.int(max) }, () => pickWord(rng)).join(' ');

const unitRef = (rng: Rng, siblings: Siblings, type: UnitType, missingChance = 0.04) =>
  siblings[type].length && !rng.chance(missingChance) ? rng.pick(siblings[type]) : `missing-${rng.int(3)}.${type}`;

const KIND_VALUES: Record<string, (rng: Rng) => string> = {
  bool: (rng) => rng.pick(['true', 'false', 'yes', 'no', '1', '0', 'on', 'off', 'True', 'NO']),
  int: (rng) => rng.pick(['0', '1', '3', '42', '1000', '65535']),
  duration: (rng) => rng.pick(['30', '30s', '1m30s', '5min', '2h', '500ms', '1h 5min']),
  size: (rng) => rng.pick(['256m', '1g', '1024', '64k', '2G', '512M']),
  path: (rng) =>
    rng.pick(['/etc/app/x.conf', './rel.conf', 'rel/dir/file', '%h/x.conf', '../up.conf', '/with space/f']),
  absPath: (rng) => rng.pick(['/work', '/var/lib/app', '/', '/a b', '%h']),
  port: (rng) =>
    rng.pick(['8080:80', '127.0.0.1:8080:80/tcp', '80', '[::1]:8080:80', '5000-5005:5000-5005/udp', '0.0.0.0::53/udp']),
  portRange: (rng) => rng.pick(['80', '50-59', '53/udp', '8000-8010/tcp']),
  keyValue: (rng) => keyValues(rng),
  args: (rng) => rng.pick(['--foo=bar', '"--opt=a b"', '--log-level=debug', '-e X=$y', "--x 'a b' --y", '--z=%n']),
  command: (rng) => command(rng),
  signal: (rng) => rng.pick(['SIGTERM', 'SIGHUP', '15', 'KILL', 'SIGUSR1', 'RTMIN+3']),
  ip: (rng) => rng.pick(['10.0.0.5', '192.168.55.1', 'fd00::5', '10.89.0.1']),
  cidr: (rng) => rng.pick(['10.89.0.0/24', 'fd00:1::/64', '192.168.10.0/28']),
  idmap: (rng) => rng.pick(['0:10000:10', '1:100000:65535', '+1000:@2000:1', '0:1:1']),
  list: (rng) => words(rng, 3),
  string: (rng) => (rng.chance(0.7) ? pickWord(rng) : words(rng, 3)),
};

function keyValues(rng: Rng): string {
  const pairs = ['A=b', '"B=with space"', 'C=$HOME', 'D=%h', 'E=a\\\\b', 'F=', 'G=x=y', "'H=single q'", 'I="q"', 'J'];
  return rng.sample(pairs, 1 + rng.int(3)).join(' ');
}

function command(rng: Rng): string {
  return rng.pick([
    'sleep infinity',
    '/bin/sh -c "echo $HOME; sleep 1"',
    "sh -c 'a b'",
    'echo %n "q\\"x"',
    'run --flag=%i $VAR',
    '/usr/bin/env A=b c\\ d',
    'echo \\$literal',
    '"/path with space/bin" arg',
  ]);
}

const IMAGES = [
  'docker.io/library/alpine:latest',
  'quay.io/podman/hello',
  'localhost/app:1',
  'alpine',
  'registry.example.com:5000/a/b@sha256:' + 'a'.repeat(64),
];

/** Values of keys whose grammar is not their kind alone. */
function specialValue(rng: Rng, section: string, key: string, siblings: Siblings): string | undefined {
  const name = `${section}.${key}`;
  switch (name) {
    case 'Container.Image':
      return rng.chance(0.25) ? unitRef(rng, siblings, rng.pick(['image', 'build'] as const)) : rng.pick(IMAGES);
    case 'Volume.Image':
      return rng.chance(0.4) ? unitRef(rng, siblings, 'image') : rng.pick(IMAGES);
    case 'Image.Image':
    case 'Image.ImageTag':
    case 'Build.ImageTag':
      return rng.pick(IMAGES);
    case 'Artifact.Artifact':
      return rng.pick(['quay.io/a/artifact:1', 'localhost/art:latest']);
    case 'Container.Rootfs':
      return rng.pick(['/var/lib/rootfs', '/rootfs:O', '%h/r']);
    case 'Container.Pod':
      return rng.chance(0.9) ? unitRef(rng, siblings, 'pod') : rng.pick(['plain-pod', 'x.container']);
    case 'Container.Network':
    case 'Pod.Network':
    case 'Kube.Network':
    case 'Build.Network':
      return network(rng, siblings, section === 'Container');
    case 'Container.Volume':
    case 'Pod.Volume':
    case 'Build.Volume':
      return volume(rng, siblings);
    case 'Container.Mount':
      return mount(rng, siblings);
    case 'Container.Group':
    case 'Container.User':
    case 'Volume.User':
    case 'Volume.Group':
      return rng.pick(['1000', '0', 'app', '65534']);
    case 'Container.LogOpt':
      return rng.pick(['max-size=10m', 'tag=%N', 'path=/var/log/a b.log', '"tag=a b"']);
    case 'Container.Sysctl':
      return rng.pick(['net.ipv4.ip_forward=1', 'net.core.somaxconn=1024 kernel.msgmax=65536']);
    case 'Container.Tmpfs':
      return rng.pick(['/tmp', '/run:rw,size=64m,mode=1777', '/cache:size=1g']);
    case 'Container.AddDevice':
      return rng.pick(['/dev/fuse', '/dev/null:/dev/n:rw', '-/dev/does-not-exist', '-/dev/null', '/dev/kvm:rwm']);
    case 'Container.Secret':
    case 'Build.Secret':
      return rng.pick(['token', 'token,type=env,target=TOKEN', 'id=s,src=/run/s']);
    case 'Container.Ulimit':
      return rng.pick(['nofile=1024:2048', 'nproc=100', 'host']);
    case 'Container.Mask':
    case 'Container.Unmask':
      return rng.pick(['/proc/kcore', '/proc/a:/proc/b', 'ALL']);
    case 'Container.Entrypoint':
      return rng.pick(['/bin/sh', '["/bin/sh", "-c"]', '/usr/bin/tini --', '']);
    case 'Container.RemapUid':
    case 'Container.RemapGid':
      return rng.pick(['0:10000:10', '1000', '0:1:1']);
    case 'Kube.Yaml':
      return rng.pick(['./app.yaml', '/etc/k/app.yaml', 'app.yaml', 'sub/dir/x.yml', '%h/k.yaml']);
    case 'Kube.ConfigMap':
      return rng.pick(['./cm.yaml', '/etc/cm.yaml', 'cm.yml']);
    case 'Build.File':
      return rng.pick([
        './Containerfile',
        'Containerfile',
        '/src/Containerfile',
        'sub/Dockerfile',
        'https://example.com/Containerfile',
      ]);
    case 'Build.SetWorkingDirectory':
      return rng.pick(['file', 'unit', '/abs/ctx', 'https://github.com/x/y.git', './ctx', 'ctx']);
    case 'Build.IgnoreFile':
    case 'Build.AuthFile':
      return rng.pick(['./.containerignore', '/etc/ignore', 'rel/ignore']);
    case 'Volume.Device':
      return rng.pick(['/dev/sdb1', 'tmpfs', '//server/share', 'host:/export path']);
    case 'Volume.Options':
      return rng.pick(['rw,noatime', 'size=1g', 'addr=10.0.0.1,nolock', '"a b"', 'uid=5']);
    case 'Volume.Type':
      return rng.pick(['ext4', 'tmpfs', 'nfs', 'btrfs']);
    case 'Volume.Driver':
      return rng.pick(['local', 'image', 'image', 'custom']);
    case 'Network.Options':
      return rng.pick(['isolate=true', 'mtu=1500', 'metric=100 mtu=9000']);
    case 'Container.AutoUpdate':
    case 'Kube.AutoUpdate':
      return rng.pick(['registry', 'local']);
    case 'Container.UserNS':
    case 'Pod.UserNS':
    case 'Kube.UserNS':
      return rng.pick(['keep-id', 'auto', 'host', 'keep-id:uid=200,gid=210', 'auto:size=500', 'nomap']);
  }
  if (
    section === 'Unit' &&
    ['After', 'Before', 'Requires', 'Wants', 'BindsTo', 'PartOf', 'Requisite', 'Upholds', 'Conflicts'].includes(key)
  ) {
    return unitDependency(rng, siblings);
  }
  if (section === 'Unit' && key === 'RequiresMountsFor') return rng.pick(['/srv/data', '%h/x', '/a /b']);
  if (section === 'Install' && ['WantedBy', 'RequiredBy', 'UpheldBy', 'Also'].includes(key)) {
    return rng.pick(['default.target', 'multi-user.target', 'default.target multi-user.target', 'other.service']);
  }
  if (section === 'Install' && key === 'Alias') return rng.pick(['alias-a.service', 'alias-b.service']);
  return undefined;
}

function network(rng: Rng, siblings: Siblings, container: boolean): string {
  const options = rng.chance(0.2)
    ? rng.pick([':ip=10.89.0.5', ':alias=web', ':mac=92:d0:c6:0a:29:33,ip=10.89.0.6'])
    : '';
  const roll = rng.int(10);
  if (roll < 5) return unitRef(rng, siblings, 'network') + options;
  if (roll < 6 && container) return unitRef(rng, siblings, 'container');
  return (
    rng.pick(['host', 'none', 'bridge', 'private', 'slirp4netns:port_handler=slirp4netns', 'pasta', 'plainnet']) +
    options
  );
}

function volume(rng: Rng, siblings: Siblings): string {
  const options = rng.pick(['', '', ':Z', ':ro', ':rw,z', ':U']);
  const dest = rng.pick(['/data', '/var/lib/x', '/with space']);
  switch (rng.int(6)) {
    case 0:
      return `${unitRef(rng, siblings, 'volume')}:${dest}${options}`;
    case 1:
      return `${rng.pick(['/srv/host', '%h/data', '/srv/a b'])}:${dest}${options}`;
    case 2:
      return `${rng.pick(['./rel', '../up', '.'])}:${dest}${options}`;
    case 3:
      return `named:${dest}${options}`;
    case 4:
      return dest;
    default:
      return `${unitRef(rng, siblings, 'volume')}:${dest}`;
  }
}

function mount(rng: Rng, siblings: Siblings): string {
  const dest = rng.pick(['destination=/d', 'dst=/d', 'target=/t', 'destination=/a b']);
  const quoted = (text: string) => (text.includes(' ') || rng.chance(0.2) ? `"${text}"` : text);
  switch (rng.int(8)) {
    case 0:
      return quoted(
        `type=bind,source=${rng.pick(['/srv', './rel', '%h/x', '/a b'])},${dest}${rng.pick(['', ',ro=true', ',relabel=private'])}`,
      );
    case 1:
      return `type=volume,source=${unitRef(rng, siblings, 'volume')},${dest}`;
    case 2:
      return `type=volume,source=named,${dest},ro`;
    case 3:
      return `type=tmpfs,${dest},tmpfs-size=64m`;
    case 4:
      return `type=image,source=${rng.chance(0.6) ? unitRef(rng, siblings, rng.pick(['image', 'build'] as const)) : 'alpine'},${dest}`;
    case 5:
      return `type=volume,${dest}`;
    case 6:
      return `source=/srv,${dest}`;
    default:
      return `type=devpts,${dest}`;
  }
}

function unitDependency(rng: Rng, siblings: Siblings): string {
  const pick = () => {
    const roll = rng.int(10);
    if (roll < 4) return rng.pick(['network-online.target', 'other.service', 'db.mount']);
    const type = rng.pick(['container', 'volume', 'network', 'image', 'build', 'pod', 'kube'] as const);
    return unitRef(rng, siblings, type, 0.1);
  };
  return Array.from({ length: 1 + rng.int(2) }, pick).join(' ');
}

/** A value for `info` (a key of the catalogue) that its grammar allows. */
export function valueFor(rng: Rng, info: KeyInfo, siblings: Siblings): string {
  const special = specialValue(rng, info.section, info.key, siblings);
  if (special !== undefined) return special;
  if (info.values?.length && (!info.openValues || rng.chance(0.7))) return rng.pick(info.values);
  return (KIND_VALUES[info.kind] ?? KIND_VALUES.string)(rng);
}
