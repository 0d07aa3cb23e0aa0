// The keys of the [Pod], [Kube], [Network], [Volume], [Build], [Image], [Artifact] and [Quadlet]
// sections, one key per line (prettier leaves these tables alone).
import {
  E,
  addHostRow,
  authRows,
  autoUpdateRow,
  confModule,
  dnsRows,
  globalArgs,
  idmapRows,
  ipRows,
  labelRow,
  netAliasRow,
  podmanArgs,
  publishRow,
  pullValues,
  retry,
  serviceName,
  shmRow,
  volumeRow,
  type Row,
} from './shared';
import { DEPRECATED_REMAP } from './container';

// prettier-ignore
export const POD: Row[] = [
  addHostRow('5.1'),
  confModule('5.0'),
  ...dnsRows('5.1', 'the pod'),
  ['ExitPolicy', 'enum', false, '5.6', "What the pod does when its last container exits (--exit-policy): `stop` (Quadlet's default) or `continue`.", 'ExitPolicy=continue', { values: ['stop', 'continue'], ...E }],
  ...idmapRows('5.1', 'the pod').filter((r) => r[0] === 'GIDMap'),
  globalArgs('pod', '5.0'),
  ['HostName', 'string', false, '5.5', "Host name shared by the pod's containers (--hostname).", 'HostName=web', E],
  ...ipRows('5.1'),
  labelRow('5.6', 'the pod', E),
  ['Network', 'unitRef', true, '5.0', 'Network for the pod (--network): a mode, a network name or a `.network` unit.', 'Network=frontend.network', { refs: ['network'], values: ['host', 'none', 'bridge', 'private', 'slirp4netns', 'pasta'], openValues: true, ...E }],
  netAliasRow('5.1'),
  podmanArgs('pod create', '5.0'),
  ['PodName', 'string', false, '5.0', "Name of the Podman pod; defaults to `systemd-` plus the unit's base name.", 'PodName=web', E],
  publishRow('5.0', 'the pod'),
  serviceName('-pod'),
  shmRow('5.1'),
  ['StopTimeout', 'int', false, '5.7', "Seconds to wait for the pod's containers to stop before they are killed (pod stop --time).", 'StopTimeout=20', E],
  ...idmapRows('5.1', 'the pod').filter((r) => r[0] !== 'GIDMap'),
  volumeRow('5.0', 'every container of the pod'),
  ...DEPRECATED_REMAP.map((row): Row => [row[0], row[1], row[2], '5.0', row[4], row[5], { ...row[6], ...E }]),
];

// prettier-ignore
export const KUBE: Row[] = [
  autoUpdateRow('4.7'),
  ['ConfigMap', 'path', true, '4.5', "A Kubernetes ConfigMap YAML passed to kube play (--configmap); relative paths start at the unit's folder.", 'ConfigMap=./app-config.yaml', E],
  confModule('4.8'),
  ['ExitCodePropagation', 'enum', false, '4.6', "How the containers' exit codes become the service's: `all` fails when all failed, `any` when one failed, `none` never (default).", 'ExitCodePropagation=any', { values: ['all', 'any', 'none'], ...E }],
  globalArgs('kube', '4.8'),
  ['KubeDownForce', 'bool', false, '5.0', 'Also remove volumes when the service stops (kube down --force).', 'KubeDownForce=true', E],
  ['LogDriver', 'enum', false, '4.5', 'Log driver of the created containers (--log-driver).', 'LogDriver=journald', { values: ['journald', 'k8s-file', 'json-file', 'none', 'passthrough'], openValues: true, ...E }],
  ['LogOpt', 'keyValue', true, '5.0', 'An option of the log driver of the created containers (--log-opt); known to the 5.4.2 and 5.8.6 generators though the manual documents it for .container only.', 'LogOpt=max-size=10mb', E],
  ['Network', 'unitRef', true, '4.5', 'Network for the pods (--network): a mode, a network name or a `.network` unit.', 'Network=backend.network', { refs: ['network'], values: ['host', 'none', 'bridge'], openValues: true, ...E }],
  podmanArgs('kube play', '4.5'),
  publishRow('4.5', 'the pods'),
  serviceName(''),
  ['SetWorkingDirectory', 'enum', false, '4.6', "Sets the service's WorkingDirectory to the folder of the YAML file (`yaml`) or of the unit (`unit`), so relative paths in the YAML resolve.", 'SetWorkingDirectory=yaml', { values: ['yaml', 'unit'], ignoreCase: true, ...E }],
  ...idmapRows('4.4', 'the pods').filter((r) => r[0] === 'UserNS'),
  ['Yaml', 'path', true, '4.4', "The Kubernetes YAML to play (required); relative paths start at the unit's folder.", 'Yaml=./web.yaml'],
  ...DEPRECATED_REMAP.map((row): Row => [row[0], row[1], row[2], '4.4', row[4], row[5], { ...row[6], ...E }]),
];

// prettier-ignore
export const NETWORK: Row[] = [
  confModule('4.8'),
  ['DisableDNS', 'bool', false, '4.4', "Turns off the network's DNS server (--disable-dns).", 'DisableDNS=true', { defaultValue: 'false' }],
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
  ['NetworkName', 'string', false, '4.7', "Name of the Podman network; defaults to `systemd-` plus the unit's base name.", 'NetworkName=backend', E],
  ['Options', 'keyValue', false, '4.4', 'Driver specific options (--opt), e.g. isolate=true or mtu=1400.', 'Options=isolate=true'],
  podmanArgs('network create', '4.5'),
  serviceName('-network'),
  ['Subnet', 'cidr', true, '4.4', 'A subnet in CIDR form (--subnet); repeat for several.', 'Subnet=192.168.55.0/24'],
];

// prettier-ignore
export const VOLUME: Row[] = [
  confModule('4.8'),
  ['Copy', 'bool', false, '4.4', "Whether the image's content at the mount point is copied into the empty volume (--opt copy / nocopy).", 'Copy=false', { defaultValue: 'true' }],
  ['Device', 'string', false, '4.4', 'Device to mount as the volume (--opt device=), e.g. a disk or `tmpfs`.', 'Device=/dev/sdb1'],
  ['Driver', 'string', false, '4.8', 'Volume driver (--driver), e.g. `image` to back the volume with an image.', 'Driver=image', { values: ['local', 'image'], openValues: true, ...E }],
  ['GID', 'int', false, '6.0', "Group owning the volume's mount point folder (--gid); not passed to mount.", 'GID=5678', E],
  globalArgs('volume', '4.8'),
  ['Group', 'string', false, '4.4', 'Host group (id or name) passed to the mount as its owner (--opt o=group=).', 'Group=192'],
  ['Image', 'unitRef', false, '4.8', 'With Driver=image, the image behind the volume; may name a `.image` or `.build` unit.', 'Image=quay.io/centos/centos:latest', { refs: ['image', 'build'], ...E }],
  labelRow('4.4', 'the volume'),
  ['Options', 'string', false, '4.4', 'Mount options for Device (--opt o=).', 'Options=size=512m'],
  podmanArgs('volume create', '4.5'),
  serviceName('-volume'),
  ['Type', 'string', false, '4.4', 'File system type of Device, as for mount -t (--opt type=).', 'Type=tmpfs'],
  ['UID', 'int', false, '6.0', "User owning the volume's mount point folder (--uid); not passed to mount.", 'UID=1234', E],
  ['User', 'string', false, '4.4', 'Host user (id or name) passed to the mount as its owner (--opt o=uid=).', 'User=123'],
  ['VolumeName', 'string', false, '4.7', "Name of the Podman volume; defaults to `systemd-` plus the unit's base name.", 'VolumeName=app-data', E],
];

// prettier-ignore
export const BUILD: Row[] = [
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
  ['SetWorkingDirectory', 'string', false, '5.0', "Build context: a path or URL, or `file` (folder of File=) or `unit` (folder of the unit), which also set the service's WorkingDirectory.", 'SetWorkingDirectory=unit', { values: ['file', 'unit'], openValues: true, ...E }],
  ['Target', 'string', false, '5.0', 'Stage of a multi-stage Containerfile to stop at (--target).', 'Target=runtime', E],
  authRows('5.0')[4],
  ['Variant', 'string', false, '5.0', 'Architecture variant to build for (--variant), e.g. arm/v7.', 'Variant=arm/v7', E],
  volumeRow('5.0', 'RUN steps of the build'),
];

// prettier-ignore
export const IMAGE: Row[] = [
  ['AllTags', 'bool', false, '4.8', 'Pulls every tag of the repository (--all-tags).', 'AllTags=true', E],
  ['Arch', 'string', false, '4.8', "Architecture to pull instead of the host's (--arch).", 'Arch=aarch64', E],
  ...authRows('4.8').slice(0, 4),
  confModule('4.8'),
  globalArgs('image', '4.8'),
  ['Image', 'string', false, '4.8', 'Image to pull (required), fully qualified at best.', 'Image=quay.io/centos/centos:latest', E],
  ['ImageTag', 'string', false, '5.0', 'Name other units get when they reference this `.image`, useful when Image= is a digest or would be resolved.', 'ImageTag=quay.io/centos/centos:latest', E],
  ['OS', 'string', false, '4.8', "Operating system to pull instead of the host's (--os).", 'OS=linux', E],
  podmanArgs('image pull', '4.8'),
  ['Policy', 'enum', false, '5.6', 'Pull policy (--policy): `always` pulls on every start, `missing` only when absent.', 'Policy=missing', { values: ['always', 'missing', 'never', 'newer'], ...E }],
  ...retry('the pull'),
  serviceName('-image'),
  authRows('4.8')[4],
  ['Variant', 'string', false, '4.8', 'Architecture variant to pull (--variant).', 'Variant=arm/v7', E],
];

// prettier-ignore
export const ARTIFACT: Row[] = [
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

// prettier-ignore
export const QUADLET: Row[] = [
  ['DefaultDependencies', 'bool', false, '5.3', 'Whether Quadlet adds its wait-for-network dependencies (on network-online.target, or podman-user-wait-network-online.service for users). Not the [Unit] key of the same name.', 'DefaultDependencies=false', { defaultValue: 'true', ...E }],
];
