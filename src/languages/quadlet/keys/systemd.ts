// The systemd [Unit], [Service] and [Install] keys Quadlet users set most, one key per line
// (prettier leaves these tables alone).
import { type Row } from './shared';

// prettier-ignore
export const depRow = (key: string, what: string): Row => [key, 'list', true, '', `${what} Naming a Quadlet file (db.container) is translated into its service name.`, `${key}=db.container network-online.target`];

// prettier-ignore
export const UNIT: Row[] = [
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
  ['DefaultDependencies', 'bool', false, '', "systemd's implicit dependencies of the unit (not Quadlet's network ones: see [Quadlet]).", 'DefaultDependencies=no'],
  ['StopWhenUnneeded', 'bool', false, '', 'Stops the unit when nothing needs it any more.', 'StopWhenUnneeded=yes'],
];

export const restartValues = ['no', 'on-success', 'on-failure', 'on-abnormal', 'on-watchdog', 'on-abort', 'always'];
// prettier-ignore
export const SERVICE: Row[] = [
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
  ['SyslogIdentifier', 'string', false, '', "Name shown for the service's lines in the journal.", 'SyslogIdentifier=web'],
  ['LimitNOFILE', 'string', false, '', 'Open file limit of the Podman process (and what it passes on).', 'LimitNOFILE=65536'],
  ['MemoryMax', 'size', false, '', "Hard memory limit of the service's cgroup.", 'MemoryMax=2G'],
  ['CPUQuota', 'string', false, '', 'CPU time limit of the service as a percentage.', 'CPUQuota=150%'],
  ['Nice', 'int', false, '', 'Scheduling priority (-20 to 19).', 'Nice=5'],
  ['StandardOutput', 'string', false, '', "Where the Podman process's output goes.", 'StandardOutput=journal', { values: ['inherit', 'null', 'tty', 'journal', 'kmsg', 'journal+console'], openValues: true }],
  ['WatchdogSec', 'duration', false, '', 'Watchdog timeout for services that send keep-alive notifications.', 'WatchdogSec=30s'],
  ['User', 'string', false, '', "Not supported by Quadlet: to run as another user, place the file in that user's rootless search path.", 'User=app', { refused: true }],
  ['Group', 'string', false, '', "Not supported by Quadlet: to run as another user, place the file in that user's rootless search path.", 'Group=app', { refused: true }],
  ['DynamicUser', 'bool', false, '', 'Not supported by Quadlet: the generated service must run as the Podman user that owns the containers.', 'DynamicUser=yes', { refused: true }],
];

// prettier-ignore
export const INSTALL: Row[] = [
  ['WantedBy', 'list', true, '', 'Targets that pull the service in when it is installed (applied by the generator, since generated units cannot be enabled).', 'WantedBy=default.target', { values: ['default.target', 'multi-user.target'], openValues: true }],
  ['RequiredBy', 'list', true, '', 'Units that require this service once installed.', 'RequiredBy=app.target'],
  ['UpheldBy', 'list', true, '', 'Units that keep this service running once installed.', 'UpheldBy=app.target'],
  ['Alias', 'list', true, '', 'Additional names for the service, as symlinks.', 'Alias=web.service'],
  ['DefaultInstance', 'string', false, '', 'For a template (name@.container), the instance enabled by default.', 'DefaultInstance=main'],
  ['Also', 'list', true, '', 'Other units installed together with this one (not applied by Quadlet).', 'Also=web-backup.timer'],
];
