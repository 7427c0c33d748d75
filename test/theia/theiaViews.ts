/// <reference lib="dom" />
// Theia's workbench as a person uses it: the Browser Canvas side bar, its views' rows and buttons,
// context menus, dialogs and the Output view. Functions passed to evaluate run in the workbench.
import type { ElementHandle, Page } from 'puppeteer-core';
import { answerQuickInput } from '../e2e/workbench';
import { waitFor } from '../support/waitFor';

const SIDEBAR_TAB = '[id="shell-tab-plugin-view-container:workbench.view.extension.browserCanvas"]';

/** Shows the Browser Canvas side bar (its activity bar icon), unless it is showing. */
export async function openBrowserCanvasSidebar(page: Page): Promise<void> {
  const tab = await page.waitForSelector(SIDEBAR_TAB, { timeout: 60_000 });
  if (!(await tab!.evaluate((element) => element.classList.contains('lm-mod-current')))) {
    await tab!.click();
  }
}

/** A view of the side bar by its title ("Sessions", "Flows"): its part, expanded. */
async function viewPart(page: Page, title: string): Promise<ElementHandle<Element>> {
  const part = await waitFor(async () => {
    const handle = await page.evaluateHandle((name) => {
      const label = [...document.querySelectorAll('.theia-view-container-part-header .label')].find((element) => element.textContent?.trim().toLowerCase() === name.toLowerCase());
      return label?.closest('.part') ?? null;
    }, title);
    const element = handle.asElement() as ElementHandle<Element> | null;
    return element ?? undefined;
  }, `the ${title} view`);
  if (await part.evaluate((element) => element.classList.contains('collapsed'))) {
    await (await part.$('.theia-view-container-part-header'))!.click();
  }
  return part;
}

/** The rows a view lists (each row's text), empty while it shows its welcome content. */
export async function viewRows(page: Page, title: string): Promise<string[]> {
  const part = await viewPart(page, title);
  return part.evaluate((element) => [...element.querySelectorAll('.theia-TreeNode')].map((row) => (row.textContent ?? '').trim()).filter(Boolean));
}

/** Everything the view's body shows (rows or welcome content). */
export async function viewText(page: Page, title: string): Promise<string> {
  const part = await viewPart(page, title);
  return part.$eval('.body', (body) => (body as HTMLElement).innerText);
}

/**
 * Clicks a button of the view's welcome content with the pointer resting on it first, as a person's
 * does: Theia (1.74.1) redraws the view when the pointer comes in, and a click in the same instant
 * as the move runs nothing.
 */
export async function clickWelcomeButton(page: Page, title: string, button: string): Promise<void> {
  const part = await viewPart(page, title);
  const found = await waitFor(async () => {
    for (const candidate of await part.$$('.body button, .body a')) {
      if ((await candidate.evaluate((element) => element.textContent?.trim())) === button) {
        return candidate;
      }
    }
    return undefined;
  }, `the button "${button}" in the ${title} view`);
  await found.hover();
  await new Promise((resolve) => setTimeout(resolve, 500));
  await found.click();
}

/** Clicks one of the actions in a view's title bar, by its tooltip. */
export async function clickViewAction(page: Page, title: string, action: string): Promise<void> {
  const part = await viewPart(page, title);
  await part.hover();
  const button = await waitFor(() => part.$(`.theia-view-container-part-title [title="${action}"]`).then((found) => found ?? undefined), `the action "${action}" of the ${title} view`);
  await button.click();
}

/** Right-clicks the view's row whose text starts with `row` and picks `item` from its context menu. */
export async function pickFromRowMenu(page: Page, title: string, row: string, item: string): Promise<void> {
  const part = await viewPart(page, title);
  const node = await waitFor(async () => {
    for (const candidate of await part.$$('.theia-TreeNode')) {
      if ((await candidate.evaluate((element) => element.textContent?.trim() ?? '')).startsWith(row)) {
        return candidate;
      }
    }
    return undefined;
  }, `the row "${row}" in the ${title} view`);
  await node.click({ button: 'right' });
  const entry = await waitFor(async () => {
    for (const candidate of await page.$$('.lm-Menu-item')) {
      if ((await candidate.evaluate((element) => element.querySelector('.lm-Menu-itemLabel')?.textContent?.trim())) === item) {
        return candidate;
      }
    }
    return undefined;
  }, `"${item}" in the row's context menu`);
  await entry.click();
}

/** Presses a button of Theia's modal dialog once it asks `question`. */
export async function answerTheiaDialog(page: Page, question: RegExp, button: string): Promise<void> {
  const dialog = await waitFor(async () => {
    const found = await page.$('.dialogBlock');
    return found && question.test(await found.evaluate((box) => box.textContent ?? '')) ? found : undefined;
  }, `the dialog ${question}`);
  for (const candidate of await dialog.$$('button')) {
    if ((await candidate.evaluate((element) => element.textContent?.trim())) === button) {
      await candidate.click();
      return;
    }
  }
  throw new Error(`the dialog has no button "${button}"`);
}

/** The lines the Output view shows (of the channel it has selected). */
export async function outputText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const output = document.querySelector('#outputView');
    // Monaco draws spaces as no-break spaces, and only the lines in view, in no particular order.
    return [...(output?.querySelectorAll('.view-line') ?? [])].map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
  });
}

/**
 * Answers the quick input once it asks `question` with `text` and Enter. The text goes in as one
 * insertion: keys typed one by one while Theia validates the input can be lost.
 */
export async function answerTheiaInput(page: Page, question: RegExp, text: string): Promise<void> {
  await answerQuickInput(page, question, []);
  await page.keyboard.sendCharacter(text);
  await waitFor(() => page.$eval('.quick-input-box input', (input, expected) => (input as HTMLInputElement).value === expected, text).catch(() => false), `"${text}" in the input`);
  await page.keyboard.press('Enter');
}

/**
 * Runs a command from Theia's palette by its exact title: Theia ranks a longer title that merely
 * contains the typed one ("…Recording…" for "Record") above it, so the row is clicked, not Enter.
 */
export async function runTheiaCommand(page: Page, title: string): Promise<void> {
  // Typed only once the palette has the keyboard: the quick input of a question just answered may
  // still be on screen, and keys meant for the palette would go to the editor behind it.
  // The palette's input starts with ">".
  const paletteFocused = () => page.evaluate(() => document.activeElement instanceof HTMLInputElement && !!document.activeElement.closest('.quick-input-widget') && document.activeElement.value.startsWith('>'));
  await waitFor(async () => (await paletteFocused()) || (await page.keyboard.press('F1'), waitFor(paletteFocused, 'the palette', 5_000).catch(() => false)), 'the command palette');
  await page.keyboard.type(title);
  const row = await waitFor(async () => {
    for (const candidate of await page.$$('.quick-input-list .monaco-list-row')) {
      if ((await candidate.evaluate((element) => element.querySelector('.label-name')?.textContent?.replace(/\u00a0/g, ' ').trim())) === title) {
        return candidate;
      }
    }
    return undefined;
  }, `"${title}" in the command palette`, 60_000);
  await row.click();
}
