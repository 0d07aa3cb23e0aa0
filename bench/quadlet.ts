// Quadlet language service benchmarks, run by bench/run.ts (or directly:
// node --import tsx bench/quadlet.ts). Goals: checking 300 unit files < 300 ms in all,
// completion p95 < 10 ms.
import type { FileAccess, ServiceContext } from '../src/languages/types';
import { serviceOptions } from '../src/languages/quadlet/document';
import { quadletService } from '../src/languages/quadlet';

function memFiles(map: Map<string, string>): FileAccess {
  const dirs = new Map<string, string[]>();
  for (const p of map.keys()) {
    const i = p.lastIndexOf('/');
    const d = p.slice(0, i);
    if (!dirs.has(d)) dirs.set(d, []);
    dirs.get(d)!.push(p.slice(i + 1));
    const parent = d.slice(0, d.lastIndexOf('/'));
    const sub = d.slice(d.lastIndexOf('/') + 1);
    if (!dirs.has(parent)) dirs.set(parent, []);
    if (!dirs.get(parent)!.includes(sub)) dirs.get(parent)!.push(sub);
  }
  return {
    readFile: async (p) => map.get(p),
    readDir: async (d) => dirs.get(d),
    exists: async (p) => map.has(p) || dirs.has(p),
  };
}

/** 300 files: 150 containers, 50 volumes, 40 networks, 30 pods, 15 images, 15 builds, plus drop-ins. */
function corpus(): Map<string, string> {
  const m = new Map<string, string>();
  const dir = '/bench/quadlets';
  for (let i = 0; i < 50; i++) m.set(`${dir}/data${i}.volume`, `[Volume]\nLabel=app=bench${i}\nVolumeName=data${i}\n`);
  for (let i = 0; i < 40; i++) {
    m.set(`${dir}/net${i}.network`, `[Network]\nSubnet=10.${i}.0.0/24\nGateway=10.${i}.0.1\nLabel=n=${i}\n`);
  }
  for (let i = 0; i < 30; i++) {
    m.set(`${dir}/pod${i}.pod`, `[Pod]\nNetwork=net${i % 40}.network\nPublishPort=${8000 + i}:80\n`);
  }
  for (let i = 0; i < 15; i++) m.set(`${dir}/img${i}.image`, `[Image]\nImage=quay.io/example/img${i}:1\n`);
  for (let i = 0; i < 15; i++) {
    m.set(`${dir}/app${i}.build`, `[Build]\nImageTag=localhost/app${i}:latest\nSetWorkingDirectory=unit\n`);
  }
  for (let i = 0; i < 150; i++) {
    const lines = [
      '[Unit]',
      `Description=Bench container ${i}`,
      `After=data${i % 50}.volume`,
      '',
      '[Container]',
      i % 3 === 0
        ? `Image=img${i % 15}.image`
        : i % 3 === 1
          ? `Image=app${i % 15}.build`
          : 'Image=docker.io/library/nginx:1.27',
      `Volume=data${i % 50}.volume:/data:Z`,
      i % 2 ? `Pod=pod${i % 30}.pod` : `Network=net${i % 40}.network`,
      `Environment=INDEX=${i} "MSG=hello world"`,
      'Label=tier=bench',
      'HealthCmd=/bin/true',
      'HealthInterval=30s',
      'ReadOnly=yes',
      'Exec=/usr/sbin/nginx -g \\',
      '  "daemon off;"',
      i % 10 === 0 ? 'PublishPorts=80' : 'NoNewPrivileges=true',
      '',
      '[Service]',
      'Restart=always',
      'TimeoutStartSec=900',
      '',
      '[Install]',
      'WantedBy=default.target',
    ];
    m.set(`${dir}/web${i}.container`, lines.join('\n') + '\n');
    if (i % 15 === 0) m.set(`${dir}/web${i}.container.d/10-extra.conf`, '[Container]\nLabel=dropin=yes\n');
  }
  return m;
}

export async function benchQuadlet(): Promise<Record<string, number>> {
  const saved = serviceOptions.searchDirs;
  serviceOptions.searchDirs = () => [];
  try {
    const files = corpus();
    const ctx: ServiceContext = {
      files: memFiles(files),
      live: {
        podmanVersion: '5.4.2',
        images: Array.from({ length: 200 }, (_, i) => `docker.io/library/img${i}:latest`),
        networks: ['podman'],
        volumes: ['cache'],
        secrets: ['token'],
      },
    };
    const units = [...files.entries()].filter(([p]) => !p.endsWith('.conf'));
    const docs = units.map(([p, text]) => ({ uri: `file://${p}`, languageId: 'quadlet', text }));
    for (const d of docs.slice(0, 20)) await quadletService.diagnostics(d, ctx); // warm up
    let total = 0;
    const t0 = performance.now();
    for (const d of docs) total += (await quadletService.diagnostics(d, ctx)).length;
    const checkMs = performance.now() - t0;
    if (total === 0) throw new Error('benchmark corpus produced no diagnostics: the check did not run');

    const doc = docs.find((d) => d.uri.endsWith('/web1.container'))!;
    const positions = [
      { line: 4, character: 1 }, // section
      { line: 9, character: 2 }, // key in [Container]
      { line: 5, character: 6 }, // Image= value (units + live images)
      { line: 6, character: 7 }, // Volume= value
      { line: 7, character: 4 }, // Pod= value
      { line: 18, character: 3 }, // [Service] key
    ];
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const pos = positions[i % positions.length];
      const t = performance.now();
      await quadletService.completion!(doc, pos, ctx);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95)];
    return {
      quadlet_check_300_files_ms: Math.round(checkMs * 10) / 10,
      quadlet_completion_p95_ms: Math.round(p95 * 100) / 100,
    };
  } finally {
    serviceOptions.searchDirs = saved;
  }
}

if (process.argv[1] && /bench[/\\]quadlet\.ts$/.test(process.argv[1])) {
  benchQuadlet().then((r) => console.log(JSON.stringify(r)));
}
