// depends_on conditions: service_started, service_healthy (the check run through the API, so it
// works where no systemd timer runs it) and service_completed_successfully, each with a bounded
// wait whose failure names the service and shows its last health output.
import type { PodmanClient } from '../../podman/client';
import { errorKind } from './resources';
import type { ComposeService, DependsCondition } from '../model';
import { ComposeError } from './errors';

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

interface HealthResult {
  Status?: string;
  Log?: { Output?: string; ExitCode?: number }[] | null;
}

/** The default bound: the check's own timing (start period, retries of interval + timeout), 10 s to 5 min. */
export function healthBoundMs(service: ComposeService): number {
  const h = service.healthcheck;
  const interval = (h?.intervalNs ?? 30e9) / 1e6;
  const timeout = (h?.timeoutNs ?? 30e9) / 1e6;
  const own = (h?.startPeriodNs ?? 0) / 1e6 + ((h?.retries ?? 3) + 1) * (interval + timeout);
  return Math.min(300_000, Math.max(10_000, own));
}

async function state(client: PodmanClient, id: string) {
  const c = await client.inspectContainer(id);
  return { status: c.State?.Status ?? 'unknown', exitCode: c.State?.ExitCode ?? 0 };
}

async function waitHealthy(
  client: PodmanClient,
  service: ComposeService,
  id: string,
  deadline: number,
  signal?: AbortSignal,
): Promise<void> {
  const pollMs = Math.max(100, Math.min(500, (service.healthcheck?.intervalNs ?? 5e8) / 1e6));
  let last: HealthResult = {};
  while (Date.now() < deadline) {
    try {
      last = (await client.libpod('GET', `/containers/${encodeURIComponent(id)}/healthcheck`, {
        signal,
      })) as HealthResult;
    } catch (e) {
      if (errorKind(e) === 'conflict' && /no defined healthcheck|not running/i.test((e as Error).message)) {
        const s = await state(client, id);
        if (s.status !== 'running') {
          throw new ComposeError(
            `The service ${service.name} stopped (exit code ${s.exitCode}) before it was healthy.`,
            { service: service.name },
          );
        }
        throw new ComposeError(
          `The service ${service.name} has no healthcheck, but a service waits for it to be healthy.`,
          {
            service: service.name,
          },
        );
      }
      throw e;
    }
    if (last.Status === 'healthy') return;
    await sleep(pollMs, signal);
  }
  // The check's answer carries no log; the container's health state does.
  const health = (await client.inspectContainer(id)).State?.Health as HealthResult | undefined;
  const output = (health?.Log ?? last.Log ?? []).at(-1)?.Output?.trim() || '(no output)';
  throw new ComposeError(
    `The service ${service.name} was not healthy within the wait (status: ${last.Status ?? 'starting'}). Last health check output: ${output}`,
    { service: service.name },
  );
}

async function waitExited(
  client: PodmanClient,
  service: ComposeService,
  id: string,
  deadline: number,
  signal?: AbortSignal,
) {
  while (Date.now() < deadline) {
    const s = await state(client, id);
    if (s.status === 'exited' || s.status === 'stopped') {
      if (s.exitCode === 0) return;
      throw new ComposeError(`The service ${service.name} did not complete successfully (exit code ${s.exitCode}).`, {
        service: service.name,
      });
    }
    await sleep(200, signal);
  }
  throw new ComposeError(`The service ${service.name} did not complete within the wait.`, { service: service.name });
}

/** Waits until every container of `service` satisfies `condition`. */
export async function waitCondition(
  client: PodmanClient,
  service: ComposeService,
  ids: string[],
  condition: DependsCondition,
  o: { timeoutMs?: number; signal?: AbortSignal },
): Promise<void> {
  const deadline = Date.now() + (o.timeoutMs ?? healthBoundMs(service));
  for (const id of ids) {
    if (condition === 'service_healthy') await waitHealthy(client, service, id, deadline, o.signal);
    else if (condition === 'service_completed_successfully') await waitExited(client, service, id, deadline, o.signal);
  }
}
