import * as assert from 'node:assert/strict';
import type { Frame, Page } from 'puppeteer-core';
import { parseFlow, UserFlow } from '../../src/cdp/recorder/flowSchema';
import { RECORDER_GLOBAL } from '../../src/cdp/pageSide/recorderScript';
import { CROSS_SITE_PAGE, WIDGET_PAGE } from '../support/agentFixtures';
import { chooseInCanvasList, recordFlow, replayInNewWindow, UNCAUSED_AFTER_MS } from '../support/flowRuns';
import { CHECKOUT_PAGE, CHOICES_PAGE, KEEP_FOCUS_PAGE, FRAMES_PAGE, LONG_PAGE, OPENER_PAGE, POPUP_DONE_PAGE, POPUP_FORM_PAGE, SHOP_PAGE } from '../support/recorderFixtures';
import { sessionOnPage, waitFor } from './support';

type AnyStep = UserFlow['steps'][number] & { selectors?: string[][]; target?: string; frame?: number[]; value?: string; x?: number; y?: number };

/** The steps after the setViewport and navigate a recording begins with. */
function actions(flow: UserFlow): AnyStep[] {
  assert.doesNotThrow(() => parseFlow(flow), 'the flow is a valid Recorder flow');
  assert.deepEqual(flow.steps.slice(0, 2).map((step) => step.type), ['setViewport', 'navigate']);
  return flow.steps.slice(2) as AnyStep[];
}

function hasSelector(step: AnyStep, selector: string): void {
  assert.ok(step.selectors?.flat().includes(selector), `${step.type} has ${selector}: ${JSON.stringify(step.selectors)}`);
}

/** Once the recorder listens in a page or frame it reached by itself, as it does long before a person can act there. */
async function recorderIn(frame: Page | Frame): Promise<void> {
  await frame.waitForFunction((name) => name in globalThis, {}, RECORDER_GLOBAL);
}

describe('page recorder: what a replay needs', function () {
  let fixture: Awaited<ReturnType<typeof sessionOnPage>>;

  before(async () => {
    fixture = await sessionOnPage(
      {
        '/opener': OPENER_PAGE,
        '/popup-form': POPUP_FORM_PAGE,
        '/popup-done': POPUP_DONE_PAGE,
        '/frames': FRAMES_PAGE,
        '/shop': SHOP_PAGE,
        '/checkout': CHECKOUT_PAGE,
        '/cross-site': CROSS_SITE_PAGE,
        '/widget': WIDGET_PAGE,
        '/long': LONG_PAGE,
        '/choices': CHOICES_PAGE,
        '/keep-focus': KEEP_FOCUS_PAGE,
      },
      '/opener',
    );
  });
  after(async () => {
    await fixture.close();
  });

  async function open(path: string): Promise<Page> {
    await fixture.page.goto(`${fixture.site.url}${path}`);
    return fixture.page;
  }

  it('follows a popup the page opens: its steps carry its URL as target, and its close is a step', async () => {
    const page = await open('/opener');
    const browser = page.browser();
    const formUrl = `${fixture.site.url}/popup-form`;
    const doneUrl = `${fixture.site.url}/popup-done?name=Ada`;
    const flow = await recordFlow(page, 'Sign up in a popup', async () => {
      await page.click('a');
      const popup = (await (await browser.waitForTarget((target) => target.opener() === page.target())).page())!;
      await recorderIn(popup);
      await popup.click('input[name=name]');
      await popup.keyboard.type('Ada');
      await Promise.all([popup.waitForNavigation(), popup.click('button')]);
      await new Promise((resolve) => setTimeout(resolve, UNCAUSED_AFTER_MS));
      await popup.close(); // the person closes it
    });

    const steps = actions(flow);
    assert.deepEqual(
      steps.map(({ type, target }) => [type, target]),
      [
        ['click', undefined],
        ['click', formUrl],
        ['change', formUrl],
        ['click', formUrl],
        ['close', doneUrl],
      ],
    );
    hasSelector(steps[0], 'text/Sign up in a new window');
    hasSelector(steps[1], 'aria/Name[role="textbox"]');
    assert.equal(steps[2].value, 'Ada');
    assert.deepEqual(steps[3].assertedEvents, [{ type: 'navigation', url: doneUrl, title: 'Thanks' }]);

    await replayInNewWindow(browser, flow, async (replayed) => {
      await waitFor(async () => (await replayed.$eval('#result', (result) => result.textContent)) === 'Signed up Ada', 'the popup form to be sent');
      assert.ok(!browser.targets().some((target) => target.url() === doneUrl), 'the replay closed the popup');
    });
  });

  it('records steps inside same-site iframes with their frame path, and replays them there', async () => {
    const page = await open('/frames');
    const checkout = () => page.frames().find((frame) => frame.url().endsWith('/checkout'))!;
    await waitFor(() => checkout(), 'the checkout frame');
    const flow = await recordFlow(page, 'Pay in a frame', async () => {
      await checkout().click('input[name=holder]');
      await page.keyboard.type('Ada Lovelace');
      await checkout().click('button');
    });

    const steps = actions(flow);
    assert.deepEqual(
      steps.map(({ type, frame }) => [type, frame]),
      [
        ['click', [1, 0]],
        ['change', [1, 0]],
        ['click', [1, 0]],
      ],
    );
    hasSelector(steps[1], 'aria/Card holder[role="textbox"]');
    assert.equal(steps[1].value, 'Ada Lovelace');
    hasSelector(steps[2], 'aria/Pay[role="button"]');

    await replayInNewWindow(page.browser(), flow, async (replayed) => {
      const frame = replayed.mainFrame().childFrames()[1].childFrames()[0];
      assert.equal(await frame.$eval('input[name=holder]', (input) => (input as HTMLInputElement).value), 'Ada Lovelace');
      assert.equal(await frame.$eval('#paid', (paid) => paid.textContent), 'Paid by Ada Lovelace');
    });
  });

  it('records steps inside a cross-site iframe, which runs in a process of its own', async () => {
    const page = await open('/cross-site');
    const widget = await waitFor(() => page.frames().find((frame) => frame.url().endsWith('/widget')), 'the cross-site frame');
    const flow = await recordFlow(page, 'Pay across sites', async () => {
      await recorderIn(widget);
      await widget.click('button');
      await waitFor(async () => (await page.title()) === 'paid across sites', 'the widget to tell the page');
    });

    const steps = actions(flow);
    assert.deepEqual(steps.map(({ type, frame }) => [type, frame]), [['click', [0]]]);
    hasSelector(steps[0], 'aria/Pay across sites[role="button"]');

    await replayInNewWindow(page.browser(), flow, async (replayed) => {
      await waitFor(async () => (await replayed.title()) === 'paid across sites', 'the replayed click to reach the widget');
    });
  });

  it("records a drop-down choice made in the canvas's list, and checkbox clicks, to the same end state", async () => {
    const page = await open('/choices');
    const flow = await recordFlow(page, 'Preferences', async () => {
      assert.ok(await chooseInCanvasList(page, 2), 'Blue chosen in the canvas list');
      await page.click('input[name=news]');
      await page.click('label[for=offers]');
    });

    const steps = actions(flow);
    assert.deepEqual(steps.map(({ type, value }) => [type, value]), [['change', 'blue'], ['click', undefined], ['click', undefined]]);
    hasSelector(steps[0], 'select[name="colour"]');
    hasSelector(steps[1], 'input[name="news"]');
    hasSelector(steps[2], 'text/Send me offers');

    await replayInNewWindow(page.browser(), flow, async (replayed) => {
      assert.deepEqual(
        await replayed.evaluate(() => [document.querySelector('select')!.value, document.querySelector<HTMLInputElement>('[name=news]')!.checked, document.querySelector<HTMLInputElement>('#offers')!.checked]),
        ['blue', true, true],
      );
    });
  });

  it('records what was typed before a click on a button that keeps the focus in the field, so the replay adds it', async () => {
    const page = await open('/keep-focus');
    const flow = await recordFlow(page, 'Shopping list', async () => {
      await page.click('input[name=item]');
      await page.keyboard.type('milk');
      await page.click('#add');
      await waitFor(() => page.$eval('#items', (list) => list.textContent === 'milk'), 'the item added');
    });

    const steps = actions(flow);
    assert.deepEqual(steps.map(({ type, value }) => [type, value]), [['click', undefined], ['change', 'milk'], ['click', undefined]]);
    hasSelector(steps[2], '#add');
    await replayInNewWindow(page.browser(), flow, async (replayed) => {
      assert.equal(await replayed.$eval('#items', (list) => list.textContent), 'milk');
    });
  });

  it('records a scroll gesture as one step at its final position: an element by its selectors, then the window', async () => {
    const page = await open('/long');
    const flow = await recordFlow(page, 'Scroll', async () => {
      const list = (await (await page.$('#list'))!.boundingBox())!;
      await page.mouse.move(list.x + 100, list.y + 75);
      await page.mouse.wheel({ deltaY: 300 });
      await waitFor(() => page.$eval('#list', (element) => element.scrollTop === 300), 'the list to scroll');
      await page.click('input[name=note]');
      await page.keyboard.type('a note longer than its field is wide'); // the field scrolls to its caret: not a step
      await page.mouse.move(600, 400);
      for (let turn = 0; turn < 3; turn++) {
        await page.mouse.wheel({ deltaY: 400 }); // three turns of the wheel, one gesture
      }
      await waitFor(() => page.evaluate(() => scrollY === 1200), 'the page to scroll');
    });

    const steps = actions(flow);
    assert.deepEqual(
      steps.map(({ type, x, y, value }) => [type, x, y, value]),
      [
        ['scroll', 0, 300, undefined],
        ['click', undefined, undefined, undefined],
        ['change', undefined, undefined, 'a note longer than its field is wide'],
        ['scroll', 0, 1200, undefined],
      ],
    );
    hasSelector(steps[0], '#list');
    assert.equal(steps[3].selectors, undefined, "the window's scroll has no element");

    await replayInNewWindow(page.browser(), flow, async (replayed) => {
      assert.deepEqual(await replayed.evaluate(() => [document.getElementById('list')!.scrollTop, scrollY]), [300, 1200]);
    });
  });

  it("records a resize of the page's viewport as a setViewport step, one for resizes in a row", async () => {
    const page = await open('/choices');
    const client = await page.createCDPSession();
    try {
      const flow = await recordFlow(page, 'Resize', async () => {
        // The tile's way: its new size becomes the page's viewport.
        for (const [width, height] of [
          [800, 600],
          [640, 480],
        ]) {
          await client.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 0, mobile: false });
          await waitFor(() => page.evaluate((expected) => innerWidth === expected, width), `the page to be ${width} wide`);
          await new Promise((resolve) => setTimeout(resolve, 600)); // settled: each resize is a step of its own
        }
      });
      const steps = actions(flow);
      assert.deepEqual(steps, [{ type: 'setViewport', width: 640, height: 480, deviceScaleFactor: 1, isMobile: false, hasTouch: false, isLandscape: false }]);

      await replayInNewWindow(page.browser(), flow, async (replayed) => {
        assert.deepEqual(await replayed.evaluate(() => [innerWidth, innerHeight]), [640, 480]);
      });
    } finally {
      await client.send('Emulation.clearDeviceMetricsOverride');
      await client.detach();
    }
  });
});
