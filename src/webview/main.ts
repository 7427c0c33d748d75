// Webview entry: styles, toolkit components, the canvas app, host message routing, then `ready`.
import '@vscode/codicons/dist/codicon.css';
import './canvas.css';
import { CanvasApp } from './canvasApp';
import type { HostMessage } from '../contract/protocol';
import { registerToolkit } from './toolkit';
import { connectToHost } from './vscodeApi';

function boot(): void {
  registerToolkit();
  const { post, state } = connectToHost();
  const root = document.getElementById('app') ?? document.body;
  const app = new CanvasApp(root, post, state);
  // VS Code delivers host messages as window `message` events; the host is trusted (see protocol.ts).
  window.addEventListener('message', (event: MessageEvent<HostMessage | undefined>) => {
    if (typeof event.data?.type === 'string') {
      app.handle(event.data);
    }
  });
  window.addEventListener('pagehide', () => app.dispose());
  post({ type: 'ready', origin: location.origin });
}

boot();
