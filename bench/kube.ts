// Benchmark: validating a 1,000-document Kubernetes YAML file (target: under 200 ms).
import { validateKube } from '../src/languages/kube';
import { EMPTY_LIVE_DATA } from '../src/languages/types';

/** A file of `n` documents cycling through a Pod, a Deployment, a ConfigMap, a claim and a Service. */
export function kubeCorpus(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) docs.push(KUBE_DOCS[i % 5](i));
  return docs.join('---\n');
}

/** The five document kinds, in corpus order; each takes the document's index. */
const KUBE_DOCS: readonly ((i: number) => string)[] = [podDoc, deploymentDoc, configMapDoc, claimDoc, serviceDoc];

/** A Pod with a port, an env, limits and a probe. */
function podDoc(i: number): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: pod-${i}
  labels: {app: web-${i}}
spec:
  restartPolicy: Always
  containers:
  - name: web
    image: localhost/pw-busybox:latest
    command: [sleep, "600"]
    ports:
    - containerPort: 8080
      hostPort: ${10000 + i}
    env:
    - name: MODE
      value: prod
    resources:
      limits: {memory: 64Mi}
    readinessProbe:
      exec: {command: [true]}
`;
}

/** A Deployment mounting the claim two documents later. */
function deploymentDoc(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dep-${i}
spec:
  replicas: 2
  strategy: {type: RollingUpdate}
  selector:
    matchLabels: {app: dep-${i}}
  template:
    metadata:
      labels: {app: dep-${i}}
    spec:
      nodeSelector: {disk: ssd}
      containers:
      - name: c
        image: docker.io/library/nginx:1.27
        volumeMounts:
        - {name: data, mountPath: /data}
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: claim-${i + 2}}
`;
}

/** A ConfigMap. */
function configMapDoc(i: number): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-${i}
data:
  A: "1"
  B: two
`;
}

/** A PersistentVolumeClaim. */
function claimDoc(i: number): string {
  return `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: claim-${i}
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 1Gi}
`;
}

/** A Service. */
function serviceDoc(i: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
spec:
  ports: [{port: 80}]
`;
}

export async function benchKube(): Promise<Record<string, number>> {
  const text = kubeCorpus(1000);
  const live = { ...EMPTY_LIVE_DATA, podmanVersion: '5.4.2', images: ['localhost/pw-busybox:latest'] };
  validateKube(text, live); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 7; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    validateKube(text, live);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] * 10) / 10;
  // Wall time is what the user waits; CPU time shows the cost when the machine is shared.
  return { kube_validate_1000_docs_ms: median(wall), kube_validate_1000_docs_cpu_ms: median(cpu) };
}
