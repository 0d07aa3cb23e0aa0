// The figures of one container at one time, as the stats stream parses them and the Stats
// webview draws them: plain types with no import, shared by src/podman/stats.ts, the monitor's
// messages (src/monitor/protocol.ts) and the browser code that reads them.

/** One container's figures (bytes, counts; cpu in percent of one CPU, summed over CPUs). */
export interface StatsFigures {
  id: string;
  name: string;
  cpu: number;
  memUsage: number;
  memLimit: number;
  netRx: number;
  netTx: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
}

/** The figures with the time their frame arrived (milliseconds since the epoch). */
export interface StatsSample extends StatsFigures {
  time: number;
}
