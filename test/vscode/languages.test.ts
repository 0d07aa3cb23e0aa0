import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './util';

const fixture = (...p: string[]) => vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, ...p));
const hoverText = (hs: vscode.Hover[]) =>
  hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');

describe('language features through the language server', () => {
  it('Containerfile: diagnostics appear with exact ranges', async () => {
    const uri = fixture('lang', 'Containerfile');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'dockerfile');
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor(
      'Containerfile diagnostics',
      () => {
        const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'podman');
        return d.length >= 2 ? d : undefined;
      },
      30_000,
    );
    const sharing = diags.find((d) => /sometimes/.test(d.message));
    assert.ok(sharing, diags.map((d) => d.message).join(' | '));
    assert.equal(sharing.range.start.line, 3);
    assert.equal(doc.getText(sharing.range), 'sometimes');
    assert.ok(
      diags.some((d) => d.range.start.line === 5 && /nowhere/.test(d.message)),
      'the unknown stage is reported on its line',
    );
  });

  it('Containerfile: completion offers mount options', async () => {
    const uri = fixture('lang', 'Containerfile');
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.lineAt(6).text; // RUN --mount=type=
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      new vscode.Position(6, line.length),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const t of ['bind', 'cache', 'secret', 'tmpfs']) assert.ok(labels.includes(t), `${t} in ${labels.join(', ')}`);
  });

  it('Containerfile: hover shows the value a variable resolves to', async () => {
    const uri = fixture('lang', 'Containerfile');
    const doc = await vscode.workspace.openTextDocument(uri);
    const col = doc.lineAt(4).text.indexOf('APP_HOME') + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(4, col),
    );
    assert.match(hoverText(hovers), /\/opt\/app-1\.2\.3/);
  });

  it('Quadlet: diagnostics, completion and hover', async () => {
    const uri = fixture('quadlet', 'bad.container');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'quadlet');
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor(
      'Quadlet diagnostics',
      () => {
        const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'podman');
        return d.length >= 2 ? d : undefined;
      },
      30_000,
    );
    assert.ok(
      diags.some((d) => d.range.start.line === 4 && /did you mean Image/.test(d.message)),
      diags.map((d) => d.message).join(' | '),
    );
    assert.ok(diags.some((d) => d.range.start.line === 5 && /port/i.test(d.message)));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      new vscode.Position(6, 0),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(
      labels.some((l) => l.startsWith('PublishPort')),
      labels.slice(0, 20).join(', '),
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(5, 3),
    );
    assert.match(hoverText(hovers), /PublishPort/);
  });
});
