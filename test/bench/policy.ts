// `npm run bench` (policy part): the resource policy (issue 19) off and on, in turns in the same run,
// with the extension host's canvas side (LivePages + CanvasController) and a stand-in webview that
// draws every frame at once. Figures swing with the machine's other load, so each compares within
// the run: off and on interleaved, both printed, and their ratio.
import type { CDPSession, Target } from 'puppeteer-core';
import { Hibernation } from '../../src/cdp/hibernation';
import { LivePages } from '../../src/cdp/livePages';
import { formatMemory, processTreeMemory } from '../../src/cdp/processMemory';
import type { SessionManager } from '../../src/cdp/sessionManager';
import { CanvasController } from '../../src/canvasHost/canvasController';
import type { TileInfo, WebviewMessage } from '../../src/contract/protocol';
import { ANIMATED_PAGE, startFixtureServer } from '../support/fixtureServer';
import { stubCanvasHost } from '../support/canvasHost';
import { makeManager, tempStorage, waitFor } from '../unit/support';
import { cpuByRole, cpuSpent } from './processCpu';
import { rawScreencastFps } from './rawScreencast';
import { runBench } from './runBench';

const SECONDS = 5;
const ROUNDS = 2;
const PAGES = 8;
const SESSIONS = 20;
const WAKES = 5;
const FULL = { width: 1280, height: 800 };
/** What one of eight tiles fitted on a 1920x1200 workbench covers. */
const THUMBNAIL = { width: 400, height: 250 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const fixed = (value: number, digits = 1) => value.toFixed(digits);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
type Shown = Extract<WebviewMessage, { type: 'visibleTiles' }>['tiles'][number];

/** The canvas side over `manager`'s sessions, with the policy switchable and frames counted per tile. */
function canvasOver(manager: SessionManager, hibernation?: Hibernation) {
  let policy = true;
  const counts = new Map<string, number>();
  const firstFrame = new Map<string, () => void>();
  /** The tiles the canvas was last told of (a woken session's pages come back as new tiles). */
  let tiles: readonly TileInfo[] = [];
  const tilesPosted = new Set<() => void>();
  let controller: CanvasController | undefined = undefined;
  const pages = new LivePages(manager, () => undefined);
  controller = new CanvasController(
    pages,
    manager,
    stubCanvasHost({
      resourcePolicy: () => policy,
      isHibernated: (sessionId) => !!hibernation?.isHibernated(sessionId),
      used: (sessionId) => hibernation?.used(sessionId),
      post: (message) => {
        if (message.type === 'tiles') {
          tiles = message.tiles;
          tilesPosted.forEach((listener) => listener());
        }
        if (message.type === 'frame') {
          counts.set(message.tileId, (counts.get(message.tileId) ?? 0) + 1);
          firstFrame.get(message.tileId)?.();
          queueMicrotask(() => controller?.handle({ type: 'frameDrawn', tileId: message.tileId }));
        }
      },
    }),
  );
  const show = (tiles: Shown[]) => controller!.handle({ type: 'visibleTiles', tiles, pixelRatio: 1 });
  hibernation?.onDidChange(() => controller?.policyChanged());
  return {
    pages,
    counts,
    show,
    setPolicy(on: boolean, tiles: Shown[]) {
      policy = on;
      controller!.policyChanged();
      show(tiles);
    },
    /** The session's first tile as the canvas was last told (a hibernated session's: its kept page's). */
    tileOf: (sessionId: string) => tiles.find((tile) => tile.sessionId === sessionId)?.tileId,
    /**
     * Focuses the tile of a hibernated session and resolves when its woken page has a frame delivered
     * to the canvas: ms from the focus. The stand-in webview focuses the session's new tile as soon as
     * it is told of it, as the canvas does with the tile it `replaces`.
     */
    async timeToWake(sessionId: string, keptTileId: string): Promise<number> {
      const start = performance.now();
      let woken: string | undefined;
      const drawn = new Promise<void>((resolve) => {
        const listener = () => {
          const tile = tiles.find((candidate) => candidate.sessionId === sessionId && candidate.tileId !== keptTileId);
          if (tile && !woken) {
            woken = tile.tileId;
            firstFrame.set(tile.tileId, resolve);
            show([{ tileId: tile.tileId, ...FULL, focused: true }]);
          }
        };
        tilesPosted.add(listener);
      });
      show([{ tileId: keptTileId, ...FULL, focused: true }]);
      await drawn;
      tilesPosted.clear();
      firstFrame.delete(woken!);
      return performance.now() - start;
    },
    /** Shows `tiles` and resolves when `tileId` has a frame delivered to the canvas: ms from the show. */
    async timeToFrame(tileId: string, tiles: Shown[]): Promise<number> {
      const start = performance.now();
      const shown = new Promise<void>((resolve) => firstFrame.set(tileId, resolve));
      show(tiles);
      await shown;
      firstFrame.delete(tileId);
      return performance.now() - start;
    },
    dispose() {
      controller?.dispose();
      pages.dispose();
    },
  };
}

const sessionRoles = (storageDir: string) => [['session browsers', (cmdline: string) => cmdline.includes(storageDir), true] as const];

/** Cores used by the session browsers and by this process (the extension host's part) over `work`. */
async function coresDuring(storageDir: string, work: () => Promise<void>): Promise<{ browsers: number; host: number; seconds: number }> {
  const before = cpuByRole(sessionRoles(storageDir));
  const ownBefore = process.cpuUsage();
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  const own = process.cpuUsage(ownBefore);
  return { browsers: cpuSpent(before, cpuByRole(sessionRoles(storageDir))).get('session browsers')! / 1000 / seconds, host: (own.user + own.system) / 1e6 / seconds, seconds };
}

/** How often a thumbnail of a page out of focus should change (issue 19's goal). */
const THUMBNAIL_FPS_GOAL = 5;

/**
 * The anchor for the policy: the same eight pages driven by raw CDP with no canvas in between, under
 * the best a freezing policy can do here: the focused page screencast at full size, the seven others
 * frozen, each thawed to capture a thumbnail THUMBNAIL_FPS_GOAL times a second and frozen again.
 * Frames per second of the focused stream and captures per second per thumbnail.
 */
async function rawPolicyAnchor(targets: readonly Target[]): Promise<{ focused: number; thumbnails: number }> {
  const [focused, ...others] = await Promise.all(targets.map((target) => target.createCDPSession()));
  const freeze = (session: CDPSession, state: 'frozen' | 'active') => session.send('Page.setWebLifecycleState', { state });
  let frames = 0;
  let captures = 0;
  let running = true;
  focused.on('Page.screencastFrame', ({ sessionId }) => (frames++, void focused.send('Page.screencastFrameAck', { sessionId }).catch(() => undefined)));
  await Promise.all(others.map((session) => freeze(session, 'frozen')));
  await focused.send('Page.startScreencast', { format: 'jpeg', quality: 80, maxWidth: FULL.width, maxHeight: FULL.height });
  const thumbnails = others.map(async (session) => {
    while (running) {
      const start = performance.now();
      await freeze(session, 'active');
      await session.send('Page.captureScreenshot', { format: 'jpeg', quality: 80, optimizeForSpeed: true, clip: { x: 0, y: 0, ...FULL, scale: THUMBNAIL.width / FULL.width } });
      await freeze(session, 'frozen');
      captures++;
      await sleep(Math.max(0, 1000 / THUMBNAIL_FPS_GOAL - (performance.now() - start)));
    }
  });
  try {
    await sleep(1500);
    [frames, captures] = [0, 0];
    const start = performance.now();
    await sleep(SECONDS * 1000);
    const seconds = (performance.now() - start) / 1000;
    return { focused: frames / seconds, thumbnails: captures / seconds / others.length };
  } finally {
    running = false;
    await Promise.all(thumbnails);
    await focused.send('Page.stopScreencast');
    await Promise.all(others.map((session) => freeze(session, 'active')));
    await Promise.all([focused, ...others].map((session) => session.detach()));
  }
}

/** The page streamed alone at full size by raw CDP: what no policy among eight pages can beat. */
async function aloneFps(target: Target): Promise<number> {
  const client = await target.createCDPSession();
  try {
    return await rawScreencastFps(client, FULL, SECONDS);
  } finally {
    await client.detach();
  }
}

/** Eight animating pages of one session, one focused at full size and seven thumbnails beside it; and the raw anchor on the same pages. */
async function eightPages(siteUrl: string): Promise<void> {
  const storageDir = tempStorage('bc-bench-policy-');
  const made = makeManager(storageDir);
  const sessionId = (await made.manager.create({ url: `${siteUrl}/animated` })).id;
  const connection = made.manager.connection(sessionId)!;
  const browser = await connection.browser.target().createCDPSession();
  const ceilings = [await aloneFps(connection.pageTargets[0])];
  const opened: string[] = [];
  for (let i = 1; i < PAGES; i++) {
    opened.push((await browser.send('Target.createTarget', { url: `${siteUrl}/animated`, newWindow: true })).targetId);
  }
  const canvas = canvasOver(made.manager);
  try {
    const tileIds = (await waitFor(() => canvas.pages.list().length === PAGES && canvas.pages.list(), 'all tiles', 30_000)).map((page) => page.targetId);
    const tiles = tileIds.map((tileId, index) => ({ tileId, ...(index === 0 ? FULL : THUMBNAIL), focused: index === 0 }));
    const runs: Record<'off' | 'on', Array<{ focused: number; thumbnails: number; browsers: number; host: number }>> = { off: [], on: [] };
    const anchors: Array<{ focused: number; thumbnails: number }> = [];
    const targets = made.manager.connection(sessionId)!.pageTargets;
    for (let round = 0; round < ROUNDS; round++) {
      // The canvas shows nothing and rests nothing while raw CDP drives the pages.
      canvas.setPolicy(false, []);
      await sleep(1500);
      anchors.push(await rawPolicyAnchor(targets));
      for (const mode of ['off', 'on'] as const) {
        canvas.setPolicy(mode === 'on', tiles);
        await sleep(1500);
        canvas.counts.clear();
        const cores = await coresDuring(storageDir, () => sleep(SECONDS * 1000));
        const fps = tileIds.map((tileId) => (canvas.counts.get(tileId) ?? 0) / cores.seconds);
        runs[mode].push({ focused: fps[0], thumbnails: median(fps.slice(1)), browsers: cores.browsers, host: cores.host });
      }
    }
    canvas.setPolicy(false, []);
    await Promise.all(opened.map((targetId) => browser.send('Target.closeTarget', { targetId })));
    await waitFor(() => connection.pageTargets.length === 1, 'the seven others closed');
    ceilings.push(await aloneFps(connection.pageTargets[0]));
    const line = (mode: 'off' | 'on') => {
      const figures = runs[mode];
      return `focused ${figures.map((run) => fixed(run.focused)).join(' / ')} fps, thumbnails median ${figures.map((run) => fixed(run.thumbnails)).join(' / ')} fps; cores: session browser ${fixed(mean(figures.map((run) => run.browsers)), 2)}, extension host (this process) ${fixed(mean(figures.map((run) => run.host)), 2)}`;
    };
    const ratio = (pick: (run: (typeof runs)['on'][number]) => number) => fixed(mean(runs.on.map(pick)) / mean(runs.off.map(pick)), 2);
    console.log(`policy (extension host's canvas side, a stand-in webview that draws at once; ${ROUNDS} rounds of off then on, ${SECONDS} s each)`);
    console.log(`  ${PAGES} animating pages, one focused at ${FULL.width}x${FULL.height}, seven thumbnails of ${THUMBNAIL.width}x${THUMBNAIL.height}:`);
    console.log(`    policy off: ${line('off')}`);
    console.log(`    policy on:  ${line('on')}`);
    console.log(`    on / off: focused fps x${ratio((run) => run.focused)}, thumbnail fps x${ratio((run) => run.thumbnails)}, session browser cores x${ratio((run) => run.browsers)}`);
    const ofAnchor = (pick: (run: { focused: number; thumbnails: number }) => number) => fixed(mean(runs.on.map(pick)) / mean(anchors.map(pick)), 2);
    console.log(
      `    anchor, raw CDP on the same pages (focused screencast, the seven frozen and thawed to capture ${THUMBNAIL_FPS_GOAL} times a second each): focused ${anchors.map((run) => fixed(run.focused)).join(' / ')} fps, thumbnails ${anchors.map((run) => fixed(run.thumbnails)).join(' / ')} per second`,
    );
    console.log(`    policy on / anchor: focused x${ofAnchor((run) => run.focused)}, thumbnails x${ofAnchor((run) => run.thumbnails)} (goal: focused >= 45 fps, thumbnails >= ${THUMBNAIL_FPS_GOAL})`);
    console.log(
      `    ceiling, the focused page alone (the seven not yet opened / closed again), raw screencast at ${FULL.width}x${FULL.height}: ${ceilings.map((fps) => fixed(fps)).join(' / ')} fps; policy on / ceiling: focused x${fixed(mean(runs.on.map((run) => run.focused)) / mean(ceilings), 2)}`,
    );
  } finally {
    canvas.dispose();
    await made.manager.terminateAll();
    made.dispose();
  }
}

/**
 * Twenty sessions on an animating page, one focused at full size and the rest off screen, at rest:
 * the policy off, on (the nineteen frozen), and on with an awake cap of 1 (the nineteen hibernated:
 * their browsers closed).
 */
async function twentySessions(siteUrl: string): Promise<void> {
  const storageDir = tempStorage('bc-bench-policy-');
  const made = makeManager(storageDir);
  let cap = 0;
  const hibernation = new Hibernation(made.manager, made.logs, { maxAwake: () => cap, keepAwake: () => false });
  const canvas = canvasOver(made.manager, hibernation);
  type Mode = 'off' | 'on' | 'hibernated';
  const modes: Mode[] = ['off', 'on', 'hibernated'];
  try {
    const sessionIds: string[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      sessionIds.push((await made.manager.create({ url: `${siteUrl}/animated` })).id);
    }
    const awakeTiles = () => waitFor(() => canvas.pages.list().length === SESSIONS && canvas.pages.list(), 'all tiles', 120_000);
    await awakeTiles();
    const focusedOnly = (): Shown[] => [{ tileId: canvas.tileOf(sessionIds[0])!, ...FULL, focused: true }];
    const enter = async (mode: Mode) => {
      cap = mode === 'hibernated' ? 1 : 0;
      if (mode !== 'hibernated') {
        for (const id of sessionIds) {
          await hibernation.wake(id); // one at a time: nineteen launches at once would swamp two cores
        }
        await awakeTiles();
      }
      hibernation.used(sessionIds[0]);
      hibernation.enforce();
      await hibernation.settled();
      await waitFor(() => canvas.tileOf(sessionIds[0]), 'the focused tile');
      canvas.setPolicy(mode !== 'off', focusedOnly());
    };
    const memoryOfAll = async () => {
      const sizes = await Promise.all(made.manager.list().map((record) => (record.pid ? processTreeMemory(record.pid) : undefined)));
      return sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
    };
    const runs: Record<Mode, Array<{ browsers: number; memory: number }>> = { off: [], on: [], hibernated: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of modes) {
        await enter(mode);
        console.error(new Date().toISOString(), `${SESSIONS} sessions, round ${round + 1}, ${mode}`);
        await sleep(6000); // past the 5 s a page woken by a command runs on
        // The focused page streams on in all: "at rest" is the other nineteen.
        const cores = await coresDuring(storageDir, () => sleep(SECONDS * 1000));
        runs[mode].push({ browsers: cores.browsers, memory: await memoryOfAll() });
      }
    }
    const line = (mode: Mode) => `session browsers ${runs[mode].map((run) => fixed(run.browsers, 2)).join(' / ')} cores, memory ${runs[mode].map((run) => formatMemory(run.memory)).join(' / ')}`;
    const versusOff = (mode: Mode) =>
      `cores x${fixed(mean(runs[mode].map((run) => run.browsers)) / mean(runs.off.map((run) => run.browsers)), 2)}, memory x${fixed(mean(runs[mode].map((run) => run.memory)) / mean(runs.off.map((run) => run.memory)), 2)}`;
    console.log(`  ${SESSIONS} sessions (a browser each) on an animating page, one focused at ${FULL.width}x${FULL.height}, the rest off screen, at rest (${ROUNDS} rounds, ${SECONDS} s each):`);
    console.log(`    policy off:                  ${line('off')}`);
    console.log(`    policy on (19 frozen):       ${line('on')}`);
    console.log(`    awake cap 1 (19 hibernated, browsers closed): ${line('hibernated')}`);
    console.log(`    against off: policy on ${versusOff('on')}; hibernated ${versusOff('hibernated')}`);

    // Waking: an off-screen page (running with the policy off, frozen with it on) focused, to its first frame at the canvas.
    const wakes: Record<Mode, number[]> = { off: [], on: [], hibernated: [] };
    for (const mode of ['off', 'on'] as const) {
      await enter(mode);
      for (let i = 0; i < WAKES; i++) {
        await sleep(6000);
        const tileId = canvas.tileOf(sessionIds[1 + (i % (SESSIONS - 1))])!;
        wakes[mode].push(await canvas.timeToFrame(tileId, [{ tileId, ...FULL, focused: true }]));
        canvas.show(focusedOnly());
      }
    }
    // A hibernated session's tile focused, to the first frame of its reopened page (its browser relaunched on its profile).
    await enter('hibernated');
    cap = 0; // the ones woken stay awake: each measured wake is of a session still hibernated
    for (let i = 0; i < WAKES; i++) {
      await sleep(2000);
      const sessionId = sessionIds[1 + i];
      wakes.hibernated.push(await canvas.timeToWake(sessionId, made.manager.get(sessionId)!.hibernated!.pages[0].targetId));
      canvas.show(focusedOnly());
    }
    console.log(
      `  an off-screen page focused, to its first frame at the canvas, median of ${WAKES}: running (policy off) ${fixed(median(wakes.off), 0)} ms, frozen (policy on) ${fixed(median(wakes.on), 0)} ms, hibernated (browser closed, reopened) ${fixed(median(wakes.hibernated), 0)} ms (${wakes.hibernated.map((ms) => fixed(ms, 0)).join(' / ')})`,
    );
  } finally {
    canvas.dispose();
    hibernation.dispose();
    await made.manager.terminateAll();
    made.dispose();
  }
}

async function main(): Promise<void> {
  // A page that stops answering (a LivePage's refresh timing out under load) is reported, and the figures still printed.
  let unanswered = 0;
  process.on('unhandledRejection', (error) => (unanswered++, console.error(new Date().toISOString(), 'unhandled', error)));
  const site = await startFixtureServer({ '/animated': ANIMATED_PAGE });
  try {
    if (!process.env.BENCH_POLICY_SKIP_EIGHT) {
      await eightPages(site.url);
    }
    if (!process.env.BENCH_POLICY_SKIP_TWENTY) {
      await twentySessions(site.url);
    }
  } finally {
    await site.close();
  }
  if (unanswered) {
    throw new Error(`${unanswered} unhandled rejections, above: the figures may be off`);
  }
}

runBench(main);
