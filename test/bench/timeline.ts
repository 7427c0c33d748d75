// `npm run bench` (timeline part): what the always-on recorder of the developer's side of the timeline
// costs a page whose main thread is busy (an animation burning ~12 ms of every frame), with it off and
// on in turns in the same page: the time from a click's dispatch to its answer, typing 20 characters,
// and the page's own frames per second while it is clicked.
import type { Page } from 'puppeteer-core';
import { AgentBrowser } from '../../src/cdp/agent/agentBrowser';
import { DeveloperRecorders } from '../../src/cdp/timeline/developerRecorder';
import { TIMELINE_GLOBAL } from '../../src/cdp/pageSide/recorderScript';
import { sessionOnPage } from '../unit/support';
import { runBench } from './runBench';

const ROUNDS = 6;
const CLICKS = 30;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const BUSY_PAGE = `<!doctype html><title>Busy</title><label>Note <input id="note"></label><button id="press">Press</button><p id="count">0</p>
<script>
let frames = 0;
const burn = () => { const end = performance.now() + 12; while (performance.now() < end) {} frames++; requestAnimationFrame(burn); };
requestAnimationFrame(burn);
globalThis.framesNow = () => frames;
document.getElementById('press').onclick = () => document.getElementById('count').textContent = String(+document.getElementById('count').textContent + 1);
</script>`;

async function measure(page: Page): Promise<{ clickMs: number; typeMs: number; fps: number }> {
  const clicks: number[] = [];
  const framesBefore = await page.evaluate(() => (globalThis as unknown as { framesNow(): number }).framesNow());
  const start = performance.now();
  for (let index = 0; index < CLICKS; index++) {
    const begun = performance.now();
    await page.click('#press');
    clicks.push(performance.now() - begun);
  }
  const seconds = (performance.now() - start) / 1000;
  const framesAfter = await page.evaluate(() => (globalThis as unknown as { framesNow(): number }).framesNow());
  await page.click('#note', { clickCount: 3 });
  const typed = performance.now();
  await page.keyboard.type('twenty characters ok');
  await page.click('#press'); // commits the value: the recorder reports it now
  return { clickMs: median(clicks), typeMs: performance.now() - typed, fps: (framesAfter - framesBefore) / seconds };
}

async function main(): Promise<void> {
  const fixture = await sessionOnPage({ '/busy': BUSY_PAGE }, '/busy');
  const browser = new AgentBrowser(fixture.manager, fixture.logs, { feedback: () => 'execution', origins: () => ({ allowed: [], denied: [] }) });
  const results: Record<'off' | 'on', Array<{ clickMs: number; typeMs: number; fps: number }>> = { off: [], on: [] };
  try {
    await measure(fixture.page); // warm up
    for (let round = 0; round < ROUNDS; round++) {
      results.off.push(await measure(fixture.page));
      const recorders = new DeveloperRecorders(fixture.manager, browser.timeline, fixture.logs);
      await fixture.page.waitForFunction((name) => name in globalThis, {}, TIMELINE_GLOBAL);
      results.on.push(await measure(fixture.page));
      recorders.dispose();
      await fixture.page.reload(); // the recorder's script leaves with its document
    }
    const entries = (await browser.timeline.entries(fixture.sessionId)).length;
    const row = (side: 'off' | 'on') => `| ${side} | ${median(results[side].map((r) => r.clickMs)).toFixed(1)} | ${median(results[side].map((r) => r.typeMs)).toFixed(0)} | ${median(results[side].map((r) => r.fps)).toFixed(1)} |`;
    console.log(`Timeline recorder on a busy page (${ROUNDS} rounds in turns, medians; ${entries} entries recorded while on)`);
    console.log('| recorder | click ms | type 20 chars ms | page fps while clicked |');
    console.log('| --- | --- | --- | --- |');
    console.log(row('off'));
    console.log(row('on'));
  } finally {
    browser.dispose();
    await fixture.close();
  }
}

runBench(main);
