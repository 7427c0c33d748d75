import { WebSocket } from 'ws';

/** True when a CDP browser answers `Browser.getVersion` at this WebSocket address within `timeoutMs`. */
export function answersCdp(wsEndpoint: string, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(wsEndpoint, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    const finish = (answered: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(answered);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('open', () => socket.send(JSON.stringify({ id: 1, method: 'Browser.getVersion' })));
    socket.on('message', (data) => {
      let answer: { id?: number; result?: { product?: unknown } };
      try {
        answer = JSON.parse(data.toString());
      } catch {
        return finish(false);
      }
      if (answer.id === 1) {
        finish(typeof answer.result?.product === 'string');
      }
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}
