import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FlowLibrary } from '../../src/cdp/recorder/flowLibrary';
import { FORM_PAGE, makeManager, startFixtureServer, tempStorage, waitFor } from './support';

/** Every file not 0600 and every folder not 0700 under `root`, as "mode path". */
async function looseEntries(root: string): Promise<string[]> {
  const loose: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        continue; // Chromium's SingletonLock: a link's own mode means nothing
      }
      const mode = (await fs.stat(full)).mode & 0o777;
      const wanted = entry.isDirectory() ? 0o700 : 0o600;
      if (mode !== wanted) {
        loose.push(`${mode.toString(8)} ${path.relative(root, full)}`);
      }
      if (entry.isDirectory()) {
        await visit(full);
      }
    }
  };
  const rootMode = (await fs.stat(root)).mode & 0o777;
  if (rootMode !== 0o700) {
    loose.push(`${rootMode.toString(8)} .`);
  }
  await visit(root);
  return loose;
}

describe('storage permissions', () => {
  it('leaves no file under global storage readable by others, after a session ran, logged, downloaded and saved a flow', async () => {
    const site = await startFixtureServer({
      '/downloads': `${FORM_PAGE}<a id="report" download="report.txt" href="/report">report</a>`,
      '/report': 'quarterly figures',
    });
    const storage = tempStorage();
    await fs.chmod(storage, 0o755); // the editor makes the extension's global storage with its default mode
    await fs.mkdir(path.join(storage, 'logs'), { mode: 0o755 }); // and an older version left its log readable
    await fs.writeFile(path.join(storage, 'logs', 'browser-canvas.log'), '', { mode: 0o644 });
    const made = makeManager(storage, { logNetwork: true, allowRemoteEndpoints: false });
    const downloads: string[] = [];
    made.manager.onDidDownload((download) => downloads.push(download.path));
    try {
      const created = await made.manager.create({ url: `${site.url}/downloads` });
      const [page] = await made.manager.connection(created.id)!.pages();
      await page.click('#report');
      await waitFor(() => downloads.length > 0, 'the download');
      await new FlowLibrary(path.join(storage, 'flows')).save({ title: 'Report', steps: [{ type: 'navigate', url: `${site.url}/downloads` }] });
      made.logs.forSession(created.id).info({ event: 'probe' }, 'a line in the session log');

      assert.deepEqual(await looseEntries(storage), []);
    } finally {
      await made.manager.terminateAll();
      made.dispose();
      await site.close();
    }
  });
});
