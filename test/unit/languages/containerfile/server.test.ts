// Starts the language server as a process over stdio and talks LSP to it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import type { CompletionItem } from 'vscode-languageserver-types';

describe('language server over stdio', () => {
  let child: ChildProcess;
  let conn: MessageConnection;
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];

  function nextDiagnostics(
    uri: string,
    predicate: (p: PublishDiagnosticsParams) => boolean = () => true,
  ): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no diagnostics within 10 s')), 10000);
      const check = () => {
        const hit = published.find((p) => p.uri === uri && predicate(p));
        if (!hit) return false;
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      if (!check()) waiters.push(() => void check());
    });
  }

  before(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/tools.ts', '--stdio'], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.push(p);
      for (const w of waiters.splice(0)) w();
    });
    conn.listen();
    const init = await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    assert.ok((init as { capabilities: { completionProvider?: unknown } }).capabilities.completionProvider);
    await conn.sendNotification('initialized', {});
  });

  after(async () => {
    try {
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
    } catch {
      // already gone
    }
    conn.dispose();
    child.kill();
  });

  it('publishes diagnostics for an opened document and answers completion', async () => {
    const uri = 'file:///tmp/pw-server-test/Containerfile';
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'dockerfile',
        version: 1,
        text: 'FROM alpine AS build\nRUNN x\nFROM alpine\nRUN --mount=type=cache,targt=/c true\n',
      },
    });
    const d = await nextDiagnostics(uri);
    assert.deepEqual(d.diagnostics.map((x) => x.code).sort(), [
      'mount-missing-option',
      'mount-unknown-option',
      'unknown-instruction',
    ]);
    assert.ok(d.diagnostics.every((x) => x.source === 'podman'));

    const items = (await conn.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 3, character: 23 },
    })) as CompletionItem[];
    assert.ok(items.some((i) => i.label === 'target'));

    // A change re-validates (debounced).
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: 'FROM alpine\nRUN true\n' }],
    });
    const d2 = await nextDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(d2.diagnostics, []);
  });

  it('uses podman/liveData for base image completion', async () => {
    const uri = 'file:///tmp/pw-server-test/Dockerfile';
    await conn.sendNotification('podman/liveData', {
      images: ['localhost/myapp:dev'],
      networks: [],
      volumes: [],
      secrets: [],
    });
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM \n' },
    });
    const items = (await conn.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: 5 },
    })) as CompletionItem[];
    assert.ok(
      items.some((i) => i.label === 'localhost/myapp:dev'),
      JSON.stringify(items.map((i) => i.label)),
    );
  });

  it('answers hover, symbols and folding, and empty results for unknown languages', async () => {
    const uri = 'file:///tmp/pw-server-test/x.containerfile';
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM alpine AS a\nRUN true\n' },
    });
    const hover = (await conn.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 1 },
    })) as { contents: { value: string } };
    assert.match(hover.contents.value, /\*\*RUN\*\*/);
    const symbols = (await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as {
      name: string;
    }[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['a'],
    );
    const other = 'file:///tmp/pw-server-test/notes.md';
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: other, languageId: 'markdown', version: 1, text: '# hi' },
    });
    assert.deepEqual(
      await conn.sendRequest('textDocument/completion', {
        textDocument: { uri: other },
        position: { line: 0, character: 0 },
      }),
      [],
    );
  });
});
