// The contract between pure language services and their hosts (the language server,
// the CLI, unit tests). No `vscode` import here or in any service: services work on
// plain text and return LSP types.
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver-types';

/** A document as services see it. `uri` is a file:// URI where the document is on disk. */
export interface TextDoc {
  readonly uri: string;
  readonly languageId: string;
  readonly text: string;
  readonly version?: number;
}

/** Live facts from the active Podman connection, pushed by the extension (may be empty). */
export interface LiveData {
  podmanVersion?: string; // e.g. "4.3.1"
  images: string[]; // "repo:tag" references of local images
  networks: string[];
  volumes: string[];
  secrets: string[];
}

export const EMPTY_LIVE_DATA: LiveData = { images: [], networks: [], volumes: [], secrets: [] };

/** File access injected into services (unit tests give an in-memory one). */
export interface FileAccess {
  readFile(path: string): Promise<string | undefined>;
  readDir(path: string): Promise<string[] | undefined>;
  exists(path: string): Promise<boolean>;
}

export interface ServiceContext {
  files: FileAccess;
  live: LiveData;
}

/** One language capability. Optional members are features the language does not offer. */
export interface LanguageService {
  /** VS Code language ids this service handles. */
  readonly languageIds: readonly string[];
  /** True when a file path (no document open) belongs to this service, for the CLI. */
  matchesPath(path: string, text?: string): boolean;
  diagnostics(doc: TextDoc, ctx: ServiceContext): Promise<Diagnostic[]> | Diagnostic[];
  completion?(doc: TextDoc, pos: Position, ctx: ServiceContext): Promise<CompletionItem[]> | CompletionItem[];
  hover?(doc: TextDoc, pos: Position, ctx: ServiceContext): Promise<Hover | null> | Hover | null;
  documentSymbols?(doc: TextDoc): DocumentSymbol[];
  foldingRanges?(doc: TextDoc): FoldingRange[];
  format?(doc: TextDoc, options: { tabSize: number; insertSpaces: boolean }): TextEdit[];
  codeActions?(doc: TextDoc, range: Range, diagnostics: Diagnostic[], ctx: ServiceContext): CodeAction[];
  documentLinks?(doc: TextDoc, ctx: ServiceContext): Promise<DocumentLink[]> | DocumentLink[];
  definition?(doc: TextDoc, pos: Position, ctx: ServiceContext): Promise<Location[]> | Location[];
  references?(doc: TextDoc, pos: Position, ctx: ServiceContext): Promise<Location[]> | Location[];
}

/** Diagnostic `source` shown in the Problems view for every service of this extension. */
export const DIAGNOSTIC_SOURCE = 'podman';
