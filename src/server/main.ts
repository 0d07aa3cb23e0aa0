// The language server: serves every LanguageService of src/languages/registry.ts over LSP.
// Started by the extension over IPC, or standalone with `node dist/server.js --stdio`: the
// program's entry is src/tools.ts, which calls startServer (or the CLI, as the arguments say).
// Each LSP feature is answered only when the document's service implements it.
import { fileURLToPath } from 'node:url';
import { TextDocuments, TextDocumentSyncKind, type Connection } from 'vscode-languageserver/node';
import { convertCompose } from '../languages/compose/convert';
import { LATEST_MODELLED_VERSION, previewUnit, quadletFromInspect, quadletFromPodmanRun } from '../languages/quadlet';
import {
  COMPOSE_CONVERT_REQUEST,
  type ComposeConvertParams,
  LIVE_DATA_NOTIFICATION,
  QUADLET_FROM_INSPECT_REQUEST,
  QUADLET_FROM_RUN_REQUEST,
  QUADLET_PREVIEW_REQUEST,
  type QuadletFromInspectParams,
  type QuadletFromRunParams,
  type QuadletPreviewParams,
  type QuadletPreviewResponse,
} from '../languages/protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { serviceFor } from '../languages/registry';
import {
  EMPTY_LIVE_DATA,
  type LanguageService,
  type LiveData,
  type ServiceContext,
  type TextDoc,
} from '../languages/types';
import { nodeFileAccess } from '../languages/nodeFiles';

export { nodeFileAccess };

/** Custom notification carrying LiveData from the extension. */
export { LIVE_DATA_NOTIFICATION } from '../languages/protocol';
export const VALIDATION_DELAY_MS = 200;

function isLiveData(x: unknown): x is LiveData {
  if (!x || typeof x !== 'object') return false;
  const o = x as Record<string, unknown>;
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  return (
    ['images', 'networks', 'volumes', 'secrets'].every((k) => o[k] === undefined || strings(o[k])) &&
    (o.podmanVersion === undefined || typeof o.podmanVersion === 'string')
  );
}

/** What the handlers share: the connection, the open documents and the services' context. */
interface ServerState {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly ctx: ServiceContext;
}

type Lookup = (uri: string) => { doc: TextDoc; service: LanguageService } | undefined;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const ctx: ServiceContext = { files: nodeFileAccess, live: EMPTY_LIVE_DATA };
  const state: ServerState = { connection, documents, ctx };

  registerQuadletRequests(state);
  const lookup = lookupIn(documents);
  const validation = validationScheduler(state, lookup);
  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['-', '=', ',', '$', '{'] },
      hoverProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      codeActionProvider: true,
      documentLinkProvider: { resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
    },
    serverInfo: { name: 'podman-workbench-language-server' },
  }));
  registerDocumentEvents(state, validation);
  registerLiveData(state, validation.schedule);
  registerFeatures(state, lookup);

  documents.listen(connection);
  connection.listen();
}

/** Quadlet generation and compose conversion for the extension (they follow unsaved text). */
function registerQuadletRequests({ connection, documents }: ServerState): void {
  connection.onRequest(QUADLET_PREVIEW_REQUEST, async (p: QuadletPreviewParams): Promise<QuadletPreviewResponse> => {
    const overrides = new Map<string, string>();
    for (const d of documents.all()) if (d.uri.startsWith('file:')) overrides.set(fileURLToPath(d.uri), d.getText());
    const text = overrides.get(p.path) ?? (await nodeFileAccess.readFile(p.path)) ?? '';
    const result = await previewUnit({
      path: p.path,
      text,
      files: nodeFileAccess,
      podmanVersion: p.podmanVersion,
      user: p.user,
      overrides,
    });
    return { result, latest: LATEST_MODELLED_VERSION };
  });
  connection.onRequest(QUADLET_FROM_INSPECT_REQUEST, (p: QuadletFromInspectParams) =>
    quadletFromInspect(p.kind, p.inspect),
  );
  connection.onRequest(QUADLET_FROM_RUN_REQUEST, (p: QuadletFromRunParams) => quadletFromPodmanRun(p.commandLine));
  connection.onRequest(COMPOSE_CONVERT_REQUEST, (p: ComposeConvertParams) =>
    convertCompose({ path: p.path, text: p.text, to: p.to, pod: p.pod, files: nodeFileAccess }),
  );
}

/** The open document at a URI with the service for its language, if any. */
function lookupIn(documents: TextDocuments<TextDocument>): Lookup {
  return (uri) => {
    const d = documents.get(uri);
    if (!d) return undefined;
    const service = serviceFor({
      languageId: d.languageId,
      path: uri.startsWith('file:') ? fileURLToPath(uri) : undefined,
    });
    if (!service) return undefined;
    return { doc: { uri, languageId: d.languageId, text: d.getText(), version: d.version }, service };
  };
}

interface ValidationScheduler {
  schedule(uri: string, delay?: number): void;
  forget(uri: string): void;
}

/** Debounced diagnostics: one pending run per document, results dropped when the document moved on. */
function validationScheduler({ connection, documents, ctx }: ServerState, lookup: Lookup): ValidationScheduler {
  const timers = new Map<string, NodeJS.Timeout>();
  const scheduledVersion = new Map<string, number>();

  async function validate(uri: string): Promise<void> {
    const found = lookup(uri);
    if (!found) return;
    let diagnostics: Diagnostic[] = [];
    try {
      diagnostics = await found.service.diagnostics(found.doc, ctx);
    } catch (e) {
      connection.console.error(
        `diagnostics failed for ${uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
    }
    // Drop results for a document that changed (or closed) while we were computing.
    const now = documents.get(uri);
    if (!now || now.version !== found.doc.version) return;
    await connection.sendDiagnostics({ uri, version: found.doc.version, diagnostics });
  }

  function schedule(uri: string, delay = VALIDATION_DELAY_MS): void {
    const version = documents.get(uri)?.version ?? -1;
    // didOpen is followed by a content-change event for the same version: keep the immediate run.
    if (delay > 0 && timers.has(uri) && scheduledVersion.get(uri) === version) return;
    scheduledVersion.set(uri, version);
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void validate(uri);
      }, delay),
    );
  }

  function forget(uri: string): void {
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    scheduledVersion.delete(uri);
  }

  return { schedule, forget };
}

function registerDocumentEvents({ connection, documents }: ServerState, validation: ValidationScheduler): void {
  documents.onDidOpen((e) => validation.schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => validation.schedule(e.document.uri));
  documents.onDidClose((e) => {
    validation.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
}

function registerLiveData(
  { connection, documents, ctx }: ServerState,
  schedule: (uri: string, delay?: number) => void,
): void {
  connection.onNotification(LIVE_DATA_NOTIFICATION, (data: unknown) => {
    if (!isLiveData(data)) {
      connection.console.warn('ignored malformed podman/liveData notification');
      return;
    }
    ctx.live = { ...EMPTY_LIVE_DATA, ...data };
    for (const d of documents.all()) schedule(d.uri, 0);
  });
}

/** The LSP features, each answered by the document's service when it has that feature. */
function registerFeatures({ connection, ctx }: ServerState, lookup: Lookup): void {
  /** Runs a feature when the service has it; errors are logged, not thrown to the client. */
  async function guarded<T>(
    uri: string,
    empty: T,
    run: (doc: TextDoc, service: LanguageService) => Promise<T | undefined> | T | undefined,
  ): Promise<T> {
    const found = lookup(uri);
    if (!found) return empty;
    try {
      return (await run(found.doc, found.service)) ?? empty;
    } catch (e) {
      connection.console.error(`request failed for ${uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return empty;
    }
  }

  connection.onCompletion((p) => guarded(p.textDocument.uri, [], (doc, s) => s.completion?.(doc, p.position, ctx)));
  connection.onHover((p) => guarded(p.textDocument.uri, null, (doc, s) => s.hover?.(doc, p.position, ctx)));
  connection.onDocumentSymbol((p) => guarded(p.textDocument.uri, [], (doc, s) => s.documentSymbols?.(doc)));
  connection.onFoldingRanges((p) => guarded(p.textDocument.uri, [], (doc, s) => s.foldingRanges?.(doc)));
  connection.onDocumentFormatting((p) =>
    guarded(p.textDocument.uri, [], (doc, s) =>
      s.format?.(doc, { tabSize: p.options.tabSize, insertSpaces: p.options.insertSpaces }),
    ),
  );
  connection.onCodeAction((p) =>
    guarded(p.textDocument.uri, [], (doc, s) => s.codeActions?.(doc, p.range, p.context.diagnostics, ctx)),
  );
  connection.onDocumentLinks((p) => guarded(p.textDocument.uri, [], (doc, s) => s.documentLinks?.(doc, ctx)));
  connection.onDefinition((p) => guarded(p.textDocument.uri, [], (doc, s) => s.definition?.(doc, p.position, ctx)));
  connection.onReferences((p) => guarded(p.textDocument.uri, [], (doc, s) => s.references?.(doc, p.position, ctx)));
}
