// Benchmarks of monitoring, all measured in the real VS Code (code-server + headless Chromium)
// against the tests' private Podman, by test/vscode/monitor.test.ts and monitorBench.ts:
//   stats_idle_cpu_ratio_vs_cli   50 running containers, 60 s (BENCH_STATS_IDLE_SECONDS) each side:
//                                 CPU of `podman stats --no-stream --format json` every 2 s (the CLI's
//                                 processes, the service, the extension host) divided by ours (the
//                                 Stats panel open for all: the extension host and the service,
//                                 its stream at the same 2 s), both read by one meter (bench/cpu.ts);
//                                 each side by part (…_service_s, …_host_s, …_children_s) and per
//                                 frame or call; …_frame_handling_ms_per_frame: the host's own
//                                 work on a frame (parsing, history, the panel's message)
//   stats_bound_<target>_…        outside VS Code, per Podman target (4.3 and 5; statsBound.ts): the
//                                 product's stream alone, the service's CPU per frame against the
//                                 CLI's per call, and their quotient: the best ratio reachable
//   stats_sample_to_chart_ms      p95 over 20 live frames: a frame arriving in the extension host →
//                                 the Stats webview's canvas showing it (…_transit_ms: the part
//                                 before the webview received it); stats_50_…: the same, 50 lines
//   events_view_1000_ms           median of 5: Load history of 1,000 real events (since/until) in the
//                                 Events view until the webview reports them rendered; …_podman_read_ms
//                                 is Podman's own answer to that request, …_ours_ms the rest,
//                                 …_cli_ms `podman events --since --stream=false --format json` (with
//                                 a past --until Podman's reader answers nothing: src/podman/monitor.ts);
//                                 events_write_…: the 1,000 events' writing and the explorer's lists
// The load average at the end is printed with them (the machine is shared: ratios are what count).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { statsBound } from './statsBound';

export async function benchMonitor(): Promise<Record<string, number>> {
  const outFile = join(process.cwd(), '.test-work', 'bench-monitor.json');
  rmSync(outFile, { force: true });
  try {
    execFileSync(process.execPath, ['scripts/run-vscode-tests.mjs', 'monitor'], {
      stdio: 'ignore',
      env: { ...process.env, PODMAN_WORKBENCH_BENCH_OUT: outFile },
    });
  } catch {
    // A failing test of the run (e.g. a busy loop kept under 50 % by a loaded machine) leaves the figures measured.
    process.stderr.write('bench monitor: the VS Code run reported a failure; reading the figures it wrote\n');
  }
  const figures = existsSync(outFile) ? (JSON.parse(readFileSync(outFile, 'utf8')) as Record<string, number>) : {};
  const [load1, load5] = loadavg();
  const bound = await statsBound(Number(process.env.BENCH_STATS_BOUND_SECONDS ?? 30));
  const [boundLoad1] = loadavg();
  return { ...figures, load_average_1m: load1, load_average_5m: load5, ...bound, bound_load_average_1m: boundLoad1 };
}
