// Where the extension host's CPU goes: our extension's code against everything else in that process
// (VS Code's transport of webview messages, which compresses them in the web workbench, its garbage
// collection and its own work), from a sampling profile taken through the inspector that Node opens
// on SIGUSR1 (on 127.0.0.1:9229).
import WebSocket from 'ws';

const INSPECTOR = 'http://127.0.0.1:9229/json/list';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly url: string; readonly functionName: string };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Opens the inspector of process `pid` and returns a way to call it. */
async function inspect(pid: number): Promise<{ send(method: string, params?: object): Promise<unknown>; close(): void }> {
  process.kill(pid, 'SIGUSR1');
  let targets: Array<{ webSocketDebuggerUrl: string }> = [];
  for (let tries = 0; tries < 50 && targets.length === 0; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    targets = await fetch(INSPECTOR).then((response) => response.json() as Promise<typeof targets>, () => []);
  }
  if (targets.length === 0) {
    throw new Error(`the inspector of process ${pid} did not open on ${INSPECTOR}`);
  }
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const waiting = new Map<number, (result: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    waiting.get(message.id ?? -1)?.(message.result);
  });
  let lastId = 0;
  return {
    send: (method, params = {}) =>
      new Promise((resolve) => {
        waiting.set(++lastId, resolve);
        socket.send(JSON.stringify({ id: lastId, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** CPU ms spent in samples whose stack holds a frame of a script `isOurs` claims, and in the rest. */
function split(profile: Profile, isOurs: (url: string) => boolean): { oursMs: number; restMs: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  profile.nodes.forEach((node) => node.children?.forEach((child) => parentOf.set(child, node.id)));
  let oursUs = 0;
  let restUs = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    if (byId.get(id)!.callFrame.functionName === '(idle)') {
      return;
    }
    let ours = false;
    for (let node: number | undefined = id; node !== undefined && !ours; node = parentOf.get(node)) {
      ours = isOurs(byId.get(node)!.callFrame.url);
    }
    if (ours) {
      oursUs += delta;
    } else {
      restUs += delta;
    }
  });
  return { oursMs: oursUs / 1000, restMs: restUs / 1000 };
}

/** Samples process `pid` for `seconds` and splits its CPU between our scripts and the rest. */
export async function hostCpuSplit(pid: number, seconds: number, isOurs: (url: string) => boolean): Promise<{ oursMs: number; restMs: number }> {
  const inspector = await inspect(pid);
  try {
    await inspector.send('Profiler.enable');
    await inspector.send('Profiler.start');
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const { profile } = (await inspector.send('Profiler.stop')) as { profile: Profile };
    return split(profile, isOurs);
  } finally {
    inspector.close();
  }
}
