import * as puppeteer from 'puppeteer-core';
import type { ElementHandle, Locator, Page } from 'puppeteer-core';

type FoundElement = (selectorIndex: number, element: ElementHandle) => Promise<void>;
type LocatorMapper = new (base: Locator<unknown>, mapper: (handle: ElementHandle) => Promise<ElementHandle>) => Locator<unknown>;

/**
 * @puppeteer/replay finds a step's element with `page.locatorRace(one locator per selector)` and
 * keeps to itself which selector won. The page this returns hands it a race whose locators report
 * the first element found, and its selector's index, to `found` before the action goes on: so the
 * log names the selector used, and a highlight shows before the click, at no cost in CDP calls.
 * Page.locatorRace and MappedLocator are internals of the pinned puppeteer-core; the replay unit
 * tests fail if they change. `found` rejecting stops the action (the locator retries it until its
 * timeout, never acting).
 */
export function pageReportingFoundElements(page: Page, found: FoundElement): Page {
  const { MappedLocator } = puppeteer as unknown as { MappedLocator: LocatorMapper };
  const locatorRace = (locators: readonly Locator<unknown>[]) => {
    let reported: Promise<void> | undefined; // one report per step, whichever locator gets there first
    return puppeteer.Locator.race(
      locators.map(
        (locator, index) =>
          new MappedLocator(locator, (handle) =>
            (reported ??= found(index, handle)).then(
              () => handle,
              async (error: unknown) => {
                await handle.dispose().catch(() => undefined); // the locator retries until its timeout: release each try's handle
                throw error;
              },
            ),
          ),
      ),
    );
  };
  return new Proxy(page, {
    get(target, key) {
      if (key === 'locatorRace') {
        return locatorRace;
      }
      // Puppeteer's classes keep private fields, so their methods must run on the real page.
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
