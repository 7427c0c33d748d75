import * as assert from 'node:assert/strict';
import { LivePage } from '../../src/cdp/livePage';
import { tileInfo } from '../../src/canvasHost/tileInfo';
import { startFixtureServer } from '../support/fixtureServer';
import { makeManager, tempStorage, waitFor } from './support';

// A window reloaded (or closed) while a page of its session showed a JavaScript dialog: Chromium keeps the
// dialog for the client that is gone, answers no new client's `Page.enable`, and lets nobody close it.
describe('a page left with a dialog open while no editor was connected', function () {
  it('still gets a tile at once that says why, and ↻ frees the page and brings its tile back to life', async () => {
    const site = await startFixtureServer({ '/form': '<!doctype html><title>Form</title><input id="name">' });
    const storage = tempStorage();
    const first = makeManager(storage);
    const second = makeManager(storage);
    try {
      const { id } = await first.manager.create({ url: `${site.url}/form` });
      const before = first.manager.connection(id)!;
      const model = await before.pageModel(before.pageTarget()!);
      await model.send('Runtime.evaluate', { expression: 'setTimeout(() => alert("Saved?"))' });
      await waitFor(() => model.health.dialog, 'the dialog, heard by the first window');
      first.dispose(); // the window goes; the browser and its dialog stay

      await second.manager.adoptExisting();
      const after = second.manager.connection(id)!;
      const live = await LivePage.open(await after.pageModel(after.pageTarget()!));
      assert.equal(live.info.unanswered, true);
      assert.equal(live.info.url, `${site.url}/form`, 'its address read from the browser');
      const tile = tileInfo(live, second.manager.get(id), false);
      assert.equal(tile.unanswered, true, 'the tile says the page does not answer');
      assert.deepEqual((await after.pageInfos()).map((page) => page.title), ['Form'], 'listed in the Sessions view as any page');

      await live.history('reload');
      await waitFor(() => !live.info.unanswered && live.info.title === 'Form' && live.info.width > 0, 'the page answering after its reload');
      assert.equal(tileInfo(live, second.manager.get(id), false).unanswered, undefined);
      live.dispose();
    } finally {
      await second.manager.terminateAll();
      second.dispose();
      await site.close();
    }
  });
});
