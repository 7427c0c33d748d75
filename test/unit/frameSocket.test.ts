// The frame socket: frames from the extension host straight to the canvas's frame worker, and the
// worker's answers back. Only a canvas with its channel's token gets frames, only JSON text comes
// the other way, and the bytes arrive exactly as the browser encoded them.
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import WebSocket from 'ws';
import { FrameChannel, FrameSocketServer } from '../../src/canvasHost/frameSocket';
import { decodeFrame, encodeFrame, FrameHeader } from '../../src/contract/frameWire';
import { waitFor } from '../support/waitFor';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);
const HEADER: FrameHeader = { tileId: 'page-1', pageWidth: 1280, pageHeight: 800, sequence: 7 };
/** What the desktop editor's webview sends as its Origin. */
const WEBVIEW = { origin: 'vscode-webview://0b1c2d3e4f5a6b7c8d9e' };

/** A message as the worker receives it: its own ArrayBuffer. */
function asArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer; // a copy: a Buffer may be a view into a shared pool
}

async function connect(server: FrameSocketServer, path: string): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.address.port}${path}`, WEBVIEW);
  await once(socket, 'open');
  return socket;
}

/** `send` returns true once the server has taken the connection. */
async function sendWhenConnected(channel: FrameChannel): Promise<void> {
  await waitFor(() => channel.send(HEADER, JPEG.toString('base64')), 'the channel to take the connection');
}

describe('frame socket', () => {
  let server: FrameSocketServer;
  const warnings: string[] = [];

  beforeEach(async () => {
    warnings.length = 0;
    server = await FrameSocketServer.start((text) => warnings.push(text));
  });
  afterEach(() => server.dispose());

  it('sends a frame to the canvas connected with its token, the JPEG byte for byte', async () => {
    const channel = server.openChannel();
    assert.equal(channel.send(HEADER, JPEG.toString('base64')), false, 'no canvas connected yet');
    const socket = await connect(server, channel.path);
    const received = once(socket, 'message');
    await sendWhenConnected(channel);
    const [data, isBinary] = (await received) as [Buffer, boolean];
    assert.ok(isBinary);
    const frame = decodeFrame(asArrayBuffer(data));
    assert.deepEqual(frame && { ...frame, data: Buffer.from(frame.data) }, { ...HEADER, data: JPEG });
    socket.close();
    await once(socket, 'close');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(channel.send(HEADER, JPEG.toString('base64')), false, 'the canvas went away: frames go as messages again');
  });

  it('listens on loopback only and refuses a wrong token or path', async () => {
    assert.equal(server.address.address, '127.0.0.1');
    const channel = server.openChannel();
    assert.match(channel.path, /^\/frames\/[0-9a-f]{64}$/);
    for (const path of [`/frames/${'0'.repeat(64)}`, '/frames/', '/', channel.path.replace('/frames/', '/other/')]) {
      const socket = new WebSocket(`ws://127.0.0.1:${server.address.port}${path}`, WEBVIEW);
      const [error] = (await once(socket, 'error')) as [Error];
      assert.match(error.message, /404/, `refused ${path}`);
    }
    assert.equal(channel.send(HEADER, JPEG.toString('base64')), false);
    const response = await fetch(`http://127.0.0.1:${server.address.port}${channel.path}`);
    assert.equal(response.status, 404, 'plain HTTP gets nothing');
  });

  it('refuses a page of another origin, even with the token; takes the webview and its workbench', async () => {
    const channel = server.openChannel();
    const url = `ws://127.0.0.1:${server.address.port}${channel.path}`;
    // A page elsewhere that learnt the token still sends its own Origin (a browser sets it, not the page).
    for (const origin of ['http://attacker.example', 'http://127.0.0.1:8080', 'null', undefined]) {
      const socket = new WebSocket(url, origin === undefined ? {} : { origin });
      const [error] = (await once(socket, 'error')) as [Error];
      assert.match(error.message, /403/, `refused ${origin}`);
    }
    assert.equal(channel.send(HEADER, JPEG.toString('base64')), false, 'none of them gets a frame');
    assert.deepEqual(warnings, [
      'Refused a frame socket connection from http://attacker.example: only the canvas webview may connect (its frames go as messages).',
      'Refused a frame socket connection from http://127.0.0.1:8080: only the canvas webview may connect (its frames go as messages).',
      'Refused a frame socket connection from null: only the canvas webview may connect (its frames go as messages).',
      'Refused a frame socket connection from a client that sent no Origin: only the canvas webview may connect (its frames go as messages).',
    ]);

    // code-server serves webviews from the workbench's own origin, which the extension learns from asExternalUri.
    server.trustWorkbenchOrigin('http://127.0.0.1:8080');
    const workbench = new WebSocket(url, { origin: 'http://127.0.0.1:8080' });
    await once(workbench, 'open');
    const received = once(workbench, 'message');
    await sendWhenConnected(channel);
    await received;
    workbench.close();
  });

  it("takes a canvas from the origin its webview reported (Theia's <id>.webview.<host>) on its own channel only; refuses every other origin", async () => {
    const THEIA_WEBVIEW = 'http://4f3c2b1a-0e9d-4c8b-a7f6-e5d4c3b2a190.webview.localhost:3000';
    const own = server.openChannel();
    const other = server.openChannel();
    const refused = async (channel: FrameChannel, origin: string) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.address.port}${channel.path}`, { origin });
      assert.match(((await once(socket, 'error')) as [Error])[0].message, /403/, `refused ${origin} on ${channel === own ? 'its own' : 'another'} channel`);
    };
    await refused(own, THEIA_WEBVIEW); // not yet reported
    assert.equal(own.trustWebviewOrigin(THEIA_WEBVIEW), true);
    for (const origin of ['http://localhost:3000', 'http://other.webview.localhost:3000', 'http://attacker.example']) {
      await refused(own, origin);
    }
    await refused(other, THEIA_WEBVIEW);
    for (const notAWebPage of ['null', 'file://', 'http://localhost:3000/path', '']) {
      assert.equal(other.trustWebviewOrigin(notAWebPage), false, `no canvas reports ${JSON.stringify(notAWebPage)}`);
    }
    await refused(other, 'null');

    const canvas = new WebSocket(`ws://127.0.0.1:${server.address.port}${own.path}`, { origin: THEIA_WEBVIEW });
    await once(canvas, 'open');
    const received = once(canvas, 'message');
    await sendWhenConnected(own);
    await received;
    assert.equal(other.send(HEADER, JPEG.toString('base64')), false, 'the other channel has no canvas');
    canvas.close();
  });

  it('passes on JSON text from the canvas; closes a connection that sends anything else, and logs it', async () => {
    const channel = server.openChannel();
    const received: unknown[] = [];
    channel.onDidReceive((message) => received.push(message));
    let disconnects = 0;
    channel.onDidDisconnect(() => disconnects++);
    const canvas = await connect(server, channel.path);
    await sendWhenConnected(channel);
    canvas.send(JSON.stringify({ type: 'frameDrawn', tileId: 'page-1' }));
    canvas.send(JSON.stringify({ type: 'mouse', x: 1, y: 1 }));
    await waitFor(() => received.length === 2, 'both messages');
    assert.deepEqual(received, [{ type: 'frameDrawn', tileId: 'page-1' }, { type: 'mouse', x: 1, y: 1 }], 'parsed, for the owner to validate');
    canvas.close();
    await waitFor(() => disconnects === 1, 'the owner to hear the canvas go');

    for (const [what, bad] of [['bytes', Buffer.from('{}')], ['text that is not JSON', '{"type":'], ['too much', 'x'.repeat(2000)]] as const) {
      const warned = warnings.length;
      const hostile = await connect(server, channel.path);
      await sendWhenConnected(channel);
      hostile.send(bad);
      await once(hostile, 'close');
      await waitFor(() => warnings.length === warned + 1, `one warning for ${what}`);
      assert.doesNotMatch(warnings.at(-1)!, new RegExp(channel.path.slice('/frames/'.length)), 'the token stays out of the log');
    }
    await waitFor(() => disconnects === 4, 'the owner to hear each connection go');
    assert.equal(received.length, 2, 'nothing of those reached the owner');
    const again = await connect(server, channel.path);
    const frame = once(again, 'message');
    await sendWhenConnected(channel);
    assert.ok(decodeFrame(asArrayBuffer((await frame)[0] as Buffer)), 'the canvas connects again and gets frames');
    again.close();
  });

  it('gives the frames to the newest connection of a canvas (a reloaded webview), and none after the channel is closed', async () => {
    const channel = server.openChannel();
    let disconnects = 0;
    channel.onDidDisconnect(() => disconnects++);
    const first = await connect(server, channel.path);
    const firstClosed = once(first, 'close');
    const second = await connect(server, channel.path);
    await firstClosed;
    assert.equal(disconnects, 1, 'the owner hears the old connection is done: frames out on it will not be answered');
    const received = once(second, 'message');
    await sendWhenConnected(channel);
    await received;
    const secondClosed = once(second, 'close');
    channel.dispose();
    await secondClosed;
    assert.equal(channel.send(HEADER, JPEG.toString('base64')), false);
    const socket = new WebSocket(`ws://127.0.0.1:${server.address.port}${channel.path}`, WEBVIEW);
    assert.match(((await once(socket, 'error')) as [Error])[0].message, /404/, 'its token no longer opens anything');
  });

  it('closes a connection that stops answering pings (a dropped tunnel), so frames go as messages', async () => {
    const quick = await FrameSocketServer.start((text) => warnings.push(text), 50);
    try {
      const channel = quick.openChannel();
      let disconnected = false;
      channel.onDidDisconnect(() => (disconnected = true));
      const alive = new WebSocket(`ws://127.0.0.1:${quick.address.port}${channel.path}`, WEBVIEW);
      await once(alive, 'open');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(disconnected, false, 'a canvas that answers pings stays connected');
      const dead = new WebSocket(`ws://127.0.0.1:${quick.address.port}${channel.path}`, { ...WEBVIEW, autoPong: false });
      await once(dead, 'open');
      await waitFor(() => disconnected, 'the newer connection to replace the other');
      disconnected = false;
      await waitFor(() => disconnected && !channel.send(HEADER, JPEG.toString('base64')), 'the silent connection to be closed');
      alive.close();
      dead.close();
    } finally {
      quick.dispose();
    }
  });

  it('reads only well-formed frames off the wire', () => {
    const good = encodeFrame(HEADER, JPEG.length, (into) => into.set(JPEG));
    const header = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      const message = new Uint8Array(4 + bytes.length + 2);
      new DataView(message.buffer).setUint32(0, bytes.length, true);
      message.set(bytes, 4);
      return asArrayBuffer(message);
    };
    const cases: Array<[string, ArrayBuffer, boolean]> = [
      ['a frame', asArrayBuffer(good), true],
      ['nothing', new ArrayBuffer(0), false],
      ['a length past the end', asArrayBuffer(good.subarray(0, 10)), false],
      ['a header that is not JSON', header('{"tileId":'), false],
      ['a header without a tile', header('{"pageWidth":1,"pageHeight":1,"sequence":1}'), false],
      ['a sequence that is text', header('{"tileId":"a","pageWidth":1,"pageHeight":1,"sequence":"1"}'), false],
      ['a header that is null', header('null'), false],
    ];
    for (const [name, message, readable] of cases) {
      assert.equal(decodeFrame(message) !== undefined, readable, name);
    }
  });
});
