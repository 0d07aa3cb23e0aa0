// Podman's pull and push progress lines (src/podman/transfer.ts ProgressTracker) and the
// registry error classification (src/podman/registryErrors.ts), with lines as Podman 4.3 sends them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressTracker } from '../../../src/podman/registryTransfer';
import { classifyRegistryMessage } from '../../../src/podman/registryErrors';
import { nextLink } from '../../../src/podman/distribution';

describe('transfer progress and registry errors', () => {
  it('counts layers and bytes of a compat pull stream', () => {
    const t = new ProgressTracker();
    const lines = [
      { status: 'Already exists', progressDetail: {}, id: 'aaaaaaaaaaaa' },
      { status: 'Pulling fs layer', progressDetail: {}, id: 'bbbbbbbbbbbb' },
      { status: 'Downloading', progressDetail: { current: 50, total: 200 }, id: 'bbbbbbbbbbbb' },
    ];
    for (const l of lines) assert.equal(t.take(l), undefined);
    assert.deepEqual(t.progress, {
      layersTotal: 2,
      layersDone: 1,
      bytesDone: 50,
      bytesTotal: 200,
      status: 'Downloading',
    });
    t.take({ status: 'Download complete', progressDetail: {}, id: 'bbbbbbbbbbbb' });
    assert.deepEqual(t.progress, {
      layersTotal: 2,
      layersDone: 2,
      bytesDone: 200,
      bytesTotal: 200,
      status: 'Download complete',
    });
    assert.equal(t.take({ error: 'boom', errorDetail: { message: 'boom' } }), 'boom');
  });

  it('counts blobs of a libpod push stream', () => {
    const t = new ProgressTracker();
    t.take({ stream: 'Getting image source signatures\n' });
    t.take({ stream: `Copying blob sha256:${'1'.repeat(64)}\n` });
    assert.equal(t.progress.layersDone, 0);
    t.take({ stream: `Copying blob sha256:${'2'.repeat(64)}\n` });
    assert.deepEqual([t.progress.layersDone, t.progress.layersTotal], [1, 2]);
    t.take({ stream: `Copying config sha256:${'3'.repeat(64)}\n` });
    assert.deepEqual([t.progress.layersDone, t.progress.layersTotal], [2, 2]);
  });

  it('classifies what Podman and the network say about a registry, each with a fix', () => {
    const r = '127.0.0.1:5000';
    const cases: [string, string][] = [
      ['x509: certificate signed by unknown authority', 'tls'],
      ['http: server gave HTTP response to HTTPS client', 'insecure'],
      ['dial tcp: lookup nope.invalid: no such host', 'unknown-host'],
      [
        'Get "https://x.invalid/v2/": dial tcp: lookup x.invalid on 10.255.255.53:53: dial udp 10.255.255.53:53: connect: network is unreachable',
        'unknown-host',
      ],
      ['dial tcp 127.0.0.1:5000: connect: connection refused', 'unreachable'],
      [`login attempt to ${r} failed with status: 401 Unauthorized`, 'unauthorized'],
      ['denied: requested access to the resource is denied', 'forbidden'],
      ['toomanyrequests: You have reached your pull rate limit', 'rate-limited'],
      ['reading manifest 1 in 127.0.0.1:5000/x: manifest unknown: manifest unknown', 'not-found'],
      ["invalid character '<' looking for beginning of value", 'not-a-registry'],
      [`manifest sha256:${'4014'.repeat(16)} is broken`, 'server'],
    ];
    for (const [message, kind] of cases) {
      const e = classifyRegistryMessage(r, message);
      assert.equal(e.registryKind, kind, message);
      assert.equal(e.kind, 'registry');
      if (kind !== 'server') assert.ok(e.fix, `${kind} has a fix`);
    }
    const noDns = classifyRegistryMessage(
      'x.invalid',
      'dial tcp: lookup x.invalid on 10.255.255.53:53: read udp 10.0.0.2:4000->10.255.255.53:53: i/o timeout',
    );
    assert.match(
      noDns.message,
      /x\.invalid cannot be resolved: the Podman host's DNS server does not answer \(10\.255\.255\.53:53\)/,
    );
    assert.match(noDns.fix ?? '', /resolv\.conf/);
    assert.match(
      classifyRegistryMessage(r, 'x509: certificate signed by unknown authority').fix ?? '',
      /\/etc\/containers\/certs\.d\/127\.0\.0\.1:5000\/ca\.crt/,
    );
  });

  it('follows Link pagination', () => {
    assert.equal(nextLink('</v2/x/tags/list?n=1000&last=t999>; rel="next"'), '/v2/x/tags/list?n=1000&last=t999');
    assert.equal(nextLink(undefined), undefined);
    assert.equal(nextLink('</other>; rel="prev"'), undefined);
  });
});
