// The HTML shell of the monitor webviews: a strict Content-Security-Policy (scripts only with a
// fresh nonce, styles and fonts only from the extension's bundle, no remote content) and one
// bundled script and stylesheet from dist/webview/.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function webviewRoot(ext: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(ext.extensionUri, 'dist', 'webview');
}

/** Options for a monitor panel: scripts on, resources only from the webview bundle. */
export function panelOptions(ext: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(ext)], retainContextWhenHidden: false };
}

export function webviewHtml(
  webview: vscode.Webview,
  ext: vscode.ExtensionContext,
  bundle: string,
  title: string,
): string {
  const nonce = randomBytes(16).toString('base64');
  const root = webviewRoot(ext);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, `${bundle}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, `${bundle}.css`));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${esc(title)}</title></head>
<body><main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${script}"></script></body></html>`;
}
