import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The folder the webview may load from: the bundle and nothing else. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/**
 * The canvas page: nothing runs or loads but the bundle, under a fresh nonce each time; it connects
 * nowhere but to its frame socket's path (`frameSocketPrefix`), if it has one.
 */
export function canvasHtml(webview: vscode.Webview, extensionUri: vscode.Uri, frameSocketPrefix?: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot(extensionUri), name)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} blob: data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // The frame worker, started from its bundle's text (a webview cannot start one from its resources).
    'worker-src blob:',
    ...(frameSocketPrefix ? [`connect-src ${frameSocketPrefix}`] : []),
  ].join('; ');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Browser Canvas</title>
<link rel="stylesheet" href="${asset('canvas.css')}" nonce="${nonce}"></head>
<body><div id="app"></div><script nonce="${nonce}" src="${asset('canvas.js')}"></script></body></html>`;
}
