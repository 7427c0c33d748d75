import type { WebSocket } from 'ws';
import { CdpRouter, RouterClient } from './cdpRouter';

/** Connects one WebSocket client to the browser through the router, until either side goes. */
export function serveClient(router: CdpRouter, socket: WebSocket, report: (text: string) => void): void {
  const peer = {
    send: (text: string) => socket.send(text),
    close: (reason: string) => {
      report(`closed a client that sent ${reason}`);
      socket.close(1003, reason);
    },
  };
  const held: string[] = [];
  let client: RouterClient | undefined;
  // Messages that arrive while the client's browser session is being made wait for it, in order.
  socket.on('message', (data) => {
    const text = data.toString();
    if (client) {
      client.receive(text);
    } else {
      held.push(text);
    }
  });
  socket.on('close', () => client?.dispose());
  socket.on('error', () => socket.terminate());
  router.addClient(peer).then(
    (added) => {
      client = added;
      held.splice(0).forEach((text) => added.receive(text));
      if (socket.readyState !== socket.OPEN) {
        added.dispose();
      }
    },
    (error: Error) => {
      report(error.message);
      socket.close(1011, 'no browser session');
    },
  );
}
