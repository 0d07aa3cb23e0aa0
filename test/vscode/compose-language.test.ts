// Compose files in the real VS Code: diagnostics from the language server on a broken compose
// file (exact ranges), and Convert to Quadlet: a preview, files written where the user picks,
// an existing different file kept when the user says so.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { answering, byLabel } from './answering';
import { waitFor } from './util';

const fixture = (...p: string[]) => vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, ...p));
const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

describe('compose files', () => {
  it('diagnostics on a broken compose file, with exact ranges', async () => {
    const uri = fixture('compose-broken', 'compose.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor(
      'compose diagnostics',
      () => {
        const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'podman');
        return d.length >= 3 ? d : undefined;
      },
      30_000,
    );
    const byCode = (code: string) =>
      diags.find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === code);
    const unknown = byCode('compose.schema.additionalProperties');
    assert.ok(unknown, diags.map((d) => d.message).join(' | '));
    assert.equal(doc.getText(unknown.range), 'restrat');
    assert.match(unknown.message, /Did you mean 'restart'/);
    const undefinedDb = byCode('compose.undefined-service')!;
    assert.equal(undefinedDb.range.start.line, 4);
    assert.equal(doc.getText(undefinedDb.range), 'db');
    const port = byCode('compose.port-twice')!;
    assert.equal(doc.getText(port.range), '"8080:8000"');
  });

  it('Convert to Quadlet refuses a broken file, naming the error', async () => {
    const { asked } = await answering({}, 'podman.compose.convertToQuadlet', fixture('compose-broken', 'compose.yaml'));
    assert.equal(asked.errors.length, 1);
    assert.match(asked.errors[0], /compose\.yaml has 3 error\(s\), not converted\. Line 4: unknown key 'restrat'/);
  });

  it('Convert to Quadlet previews, writes beside the file, and keeps a changed file when asked', async () => {
    const uri = fixture('compose-ok', 'compose.yaml');
    const first = await answering({ pick: (items) => [items[0]] }, 'podman.compose.convertToQuadlet', uri);
    assert.deepEqual(first.asked.errors, []);
    const preview = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'podman-compose-converted');
    assert.ok(preview, 'the preview is shown');
    assert.match(preview.document.getText(), /services\.api\.oom_score_adj: Quadlet cannot express this/);
    assert.match(preview.document.getText(), /# ==> web\.container <==/);
    const web = fixture('compose-ok', 'quadlet', 'web.container');
    assert.match(await read(web), /Requires=api\.service/);
    assert.match(await read(fixture('compose-ok', 'quadlet', 'shop-default.network')), /NetworkName=shop_default/);
    await vscode.workspace.fs.writeFile(web, new TextEncoder().encode('[Container]\nImage=mine\n'));
    const again = await answering(
      { pick: (items) => [items[0]], warning: (_m, _d, buttons) => buttons.find((b) => b === 'Keep Existing') },
      'podman.compose.convertToQuadlet',
      uri,
    );
    assert.equal(again.asked.warnings.length, 1);
    assert.match(again.asked.warnings[0].message, /web\.container exists with other contents/);
    assert.equal(await read(web), '[Container]\nImage=mine\n');
    assert.match(again.asked.infos.join('\n'), /kept 1 existing/);
  });

  it('Convert to Kubernetes YAML writes the YAML where the user picks', async () => {
    const uri = fixture('compose-ok', 'compose.yaml');
    const out = fixture('compose-ok', 'kube-out');
    await vscode.workspace.fs.createDirectory(out);
    const r = await answering(
      { pick: byLabel('Choose a Folder…'), openDialog: () => [out] },
      'podman.compose.convertToKube',
      uri,
    );
    assert.deepEqual(r.asked.errors, []);
    assert.match(await read(vscode.Uri.joinPath(out, 'shop.kube.yaml')), /kind: Deployment/);
  });
});
