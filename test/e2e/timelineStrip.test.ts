/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The timeline strip end to end: code-server, one session on a page that paints itself the colour of
// the button pressed; the developer presses in the tile, an agent over stdio MCP presses another; the
// tile's strip lists both, hovering shows the target box, scrubbing shows the page as it was.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Page } from 'puppeteer-core';
import { startFixtureServer } from '../support/fixtureServer';
import { waitFor } from '../support/waitFor';
import { CodeServerRun, startCodeServerRun } from './codeServerRun';
import { BLUE_LEFT, centreOf, entrySelector, imageColour, PAINT_PAGE, shownTarget, stripEntries } from './stripView';
import { CanvasView, findCanvas, runFromPalette, TileDiagnostics } from './workbench';

/** Browser Canvas's output channel logs of each extension host the editor ran. */
const extensionLogs = (userData: string): string[] =>
  (readdirSync(path.join(userData, 'logs'), { recursive: true }) as string[]).filter((file) => file.endsWith('Browser Canvas.log')).map((file) => path.join(userData, 'logs', file));

describe('timeline strip, end to end in code-server', function () {
  this.timeout(240_000);
  let run: CodeServerRun;
  let page: Page;
  let canvas: CanvasView;
  let fixtures: Awaited<ReturnType<typeof startFixtureServer>>;

  const tile = async (): Promise<TileDiagnostics> => (await canvas.tiles())[0];
  const pageWidth = async () => Number((await tile()).title);
  const clickBadge = async () => {
    const { badgeRect } = await tile();
    await page.mouse.click(canvas.origin.x + badgeRect.x + badgeRect.width / 2, canvas.origin.y + badgeRect.y + badgeRect.height / 2);
  };

  before(async () => {
    fixtures = await startFixtureServer({ '/paint': PAINT_PAGE });
    run = await startCodeServerRun('e2e-strip', { 'browserCanvas.openOnStartup': `${fixtures.url}/paint` });
    ({ page } = run);
  });

  afterEach(async function () {
    // With the strip, what the extension said (when the timeline's recorder came on a page, what the agent did): the why of a missing entry.
    await run?.screenshotIfFailed(this.currentTest, async () =>
      [`strip: ${JSON.stringify(await stripEntries(canvas))}`, ...extensionLogs(run.dirs.userData).map((log) => `${log}:\n${readFileSync(log, 'utf8').split('\n').slice(-60).map((line) => `      ${line}`).join('\n')}`)].join('\n    '),
    );
  });

  after(async () => {
    await run?.stop();
    await fixtures?.close();
  });

  it("lists the developer's and an MCP agent's actions under the tile, with pictures; hover shows the target; scrubbing shows the past; a reload keeps it", async () => {
    canvas = await findCanvas(page, 180_000); // the session starts with the editor: slow on a loaded machine
    await waitFor(async () => (await canvas.tiles()).length === 1 && (await tile()).framesDrawn > 0 && (await pageWidth()) > 0, 'a tile with a frame', 60_000);

    // The developer presses Red in the tile.
    const width = await pageWidth();
    const red = canvas.screenPoint(await tile(), width, 150, 80);
    await page.mouse.click(red.x, red.y);
    await waitFor(async () => (await canvas.pixelAt(await tile(), width, 600, 500))[0] > 150, 'the page painted red');

    // An agent outside the editor (stdio MCP) presses Blue, once handed the session.
    await clickBadge();
    await (await page.waitForSelector('.quick-input-widget input', { visible: true }))!.type('Press Blue');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await tile()).controller === 'agent', 'the agent to hold the session', 60_000);
    const installed = readdirSync(run.dirs.extensions).find((name) => name.startsWith('browser-canvas.browser-canvas-0'))!;
    const storage = path.join(run.dirs.userData, 'User', 'globalStorage', 'browser-canvas.browser-canvas');
    const agent = new Client({ name: 'e2e-agent', version: '1.0.0' });
    await agent.connect(new StdioClientTransport({ command: process.execPath, args: [path.join(run.dirs.extensions, installed, 'dist', 'mcp.js'), '--storage', storage], stderr: 'ignore' }));
    try {
      const clicked = agent.callTool({ name: 'click_element', arguments: { session: (await tile()).sessionId, selector: '#blue' } }) as Promise<CallToolResult>;
      // This client cannot ask its user, so the editor does.
      await waitFor(
        () =>
          page.$$eval('.notification-toast', (toasts) => {
            const toast = toasts.find((candidate) => candidate.textContent?.includes('e2e-agent'));
            const allow = [...(toast?.querySelectorAll<HTMLElement>('.monaco-button') ?? [])].find((button) => button.textContent?.trim() === 'Allow');
            allow?.click();
            return !!allow || undefined;
          }),
        "the confirmation's Allow",
        60_000,
      );
      const result = await clicked;
      assert.ok(!result.isError, JSON.stringify(result.content));
    } finally {
      await agent.close();
    }
    await waitFor(async () => (await canvas.pixelAt(await tile(), width, 600, 500))[2] > 150, 'the page painted blue');
    await clickBadge();
    await waitFor(async () => (await tile()).controller === 'developer', 'the session back with the developer');

    // The strip, from the tile header's own button.
    await page.mouse.click(...(await centreOf(canvas, '.header-button[data-action="timeline"]')));
    const listed = await waitFor(async () => {
      const entries = await stripEntries(canvas);
      const developer = entries.find((entry) => entry.actor === 'developer' && /clicked button "Red"/.test(entry.line));
      const byAgent = entries.find((entry) => entry.actor === 'agent' && /clicked button "Blue"/.test(entry.line));
      return developer?.picture && byAgent?.picture && { developer, byAgent, entries };
    }, 'both entries, with pictures, on the strip', 60_000);
    assert.match(listed.byAgent.who, /agent · mcp:e2e-agent/, 'the agent and its client');
    assert.ok(listed.developer.seq < listed.byAgent.seq, 'newest last');
    assert.ok((await imageColour(canvas, `${entrySelector(listed.developer.seq)} img`, 0.9, 0.9))[0] > 150, "the developer's entry shows the page red");
    assert.ok((await imageColour(canvas, `${entrySelector(listed.byAgent.seq)} img`, 0.9, 0.9))[2] > 150, "the agent's entry shows the page blue");

    // Hover the agent's entry: its target box over its picture, where Blue is on the page.
    await page.mouse.move(...(await centreOf(canvas, entrySelector(listed.byAgent.seq))));
    const target = await waitFor(() => shownTarget(canvas, listed.byAgent.seq), 'the target box on hover');
    assert.ok(Math.abs(target.x - BLUE_LEFT / width) < 0.03 && target.width > 0.1, `the box sits where Blue is: ${JSON.stringify(target)} of a ${width} px page`);

    await runFromPalette(page, 'Notifications: Clear All Notifications'); // the handoff's notice would cover the strip in the picture
    // Scrub back (press on the developer's entry): the tile shows the page red as it was, marked so.
    await page.mouse.move(...(await centreOf(canvas, entrySelector(listed.developer.seq))));
    await page.mouse.down();
    const label = await waitFor(() => canvas.frame.$eval('.past-view .past-label', (shown) => shown.textContent).catch(() => undefined), 'the past over the tile');
    await page.mouse.up();
    assert.match(label!, new RegExp(`^As it was at #${listed.developer.seq}, `));
    const past = await canvas.frame.$eval('.past-view', (view) => JSON.parse(JSON.stringify(view.getBoundingClientRect())) as { x: number; y: number; width: number; height: number });
    const { pageRect } = await tile();
    assert.deepEqual([past.x, past.y, past.width, past.height].map(Math.round), [pageRect.x, pageRect.y, pageRect.width, pageRect.height].map(Math.round), 'over the page area');
    assert.ok((await imageColour(canvas, '.past-view img', 0.9, 0.9))[0] > 150, 'the past picture is red');
    assert.ok((await canvas.pixelAt(await tile(), width, 600, 500))[2] > 150, 'the live page (under it) is still blue');
    await page.screenshot({ path: path.join(run.dirs.root, 'timeline-strip.png') });
    console.log(`    screenshot: ${path.join(run.dirs.root, 'timeline-strip.png')}`);

    // Input is held back while the past shows: a click on Red through the picture reaches nothing.
    await page.mouse.click(red.x, red.y);
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.ok((await canvas.pixelAt(await tile(), width, 600, 500))[2] > 150, 'the page was not clicked through the past');
    // Keys on the strip go back and forth; Escape returns to live.
    await canvas.frame.focus('.timeline-strip');
    await page.keyboard.press('ArrowRight');
    await waitFor(async () => Number(await canvas.frame.$eval('.past-view', (view) => (view as HTMLElement).dataset.seq)) > listed.developer.seq || undefined, 'the next entry shown');
    await page.keyboard.press('Escape');
    await waitFor(() => canvas.frame.$('.past-view').then((view) => !view || undefined), 'live again');

    // After a window reload the strip is open again and lists the same entries.
    await runFromPalette(page, 'Developer: Reload Window');
    await waitFor(() => canvas.frame.detached, 'the old canvas to go');
    canvas = await findCanvas(page, 180_000);
    const again = await waitFor(async () => {
      const entries = await stripEntries(canvas);
      return entries.some((entry) => entry.seq === listed.byAgent.seq && entry.picture) && entries;
    }, 'the strip after the reload', 60_000);
    assert.deepEqual(
      again.filter((entry) => entry.seq <= listed.entries.at(-1)!.seq).map(({ seq, actor, line }) => ({ seq, actor, line })),
      listed.entries.map(({ seq, actor, line }) => ({ seq, actor, line })),
    );
  });
});
