import type { Controller } from '../types';
import { AgentTool, named, NotePicture, tool } from './agentTool';
import { checkStartUrl, originOf } from '../urls';
import type { AgentBrowser } from './agentBrowser';
import type { AgentPage } from './agentPage';
import { AgentError } from '../action/agentError';
import { abortable } from '../action/abort';
import { ignoreClosed } from '../target/targetClosedError';
import { evaluateFunction, navigate, navigateHistory, resultText, waitFor } from './pageScript';
import { flowTools } from './flowTools';
import { inputTools } from './inputTools';
import { FileChoosers } from './fileChoosers';
import { pageIdOf, shortPageId } from './pageIds';
import { pageTools, withOpenedPages } from './pageTools';
import { observeTools } from './observeTools';
import { recordingTools } from './recordingTools';
import { storageTools } from './storageTools';
import { historyTools } from './historyTools';
import { checkOrigin } from './originPolicy';
import { ToolInput, toolInputs, ToolName } from './toolInputs';
import { elementNotesText, notePictures } from './elementNotesText';
import { UNTRUSTED_NOTE } from './untrustedFence';
import { loadedText } from './toolResultText';

const SCROLL_PX = 600;

/**
 * One action on the page the input names, through AgentBrowser.onPage (refusal first, cancellation, log,
 * a blocked page); `watchPopups` for actions that may open pages, which their results then name.
 */
function onPage<T>(browser: AgentBrowser, input: { session: string; page?: string }, action: string, what: string, work: (page: AgentPage, signal: AbortSignal) => Promise<T>, actor?: Controller, watchPopups?: boolean) {
  return browser.onPage({ sessionId: input.session, pageId: input.page, action, what, actor, watchPopups }, work);
}

function elementTarget(input: { ref?: string; selector?: string; x?: number; y?: number }) {
  return { ref: input.ref, selector: input.selector, x: input.x, y: input.y };
}

export const agentTools = [
  tool({
    name: 'list_sessions',
    description: 'Lists the browser sessions: id, label, status, who holds each (you may act only on sessions the agent holds), the instruction the developer gave with a handoff and the elements they pointed at for you, and each page (id, title, address). Call this first. ' + UNTRUSTED_NOTE,
    sideEffect: false,
    async run(browser, _input, actor) {
      const sessions = await Promise.all(
        browser.manager.list().map(async (record) => {
          const infos = (await browser.manager.connection(record.id)?.pageInfos().catch(ignoreClosed)) ?? [];
          return { record, pages: infos.map((info) => ({ ...info, id: shortPageId(info.targetId, infos.map((other) => other.targetId)) })) };
        }),
      );
      const pointed: string[] = [];
      const pictures: NotePicture[] = [];
      const lines = sessions.map(({ record, pages }) => {
        const instruction = browser.control.instruction(record.id);
        const all = browser.control.notes(record.id);
        const notes = elementNotesText(record.id, all);
        pointed.push(...notes.untrusted);
        // The pictures go to the agent once, with the handoff: the words and selectors stay in every listing.
        if (actor !== 'developer' && record.controller === 'agent') {
          pictures.push(...notePictures(record.id, all, browser.control.takeUnshownNotes(record.id)));
        }
        const pageIds = pages.length ? `; pages ${pages.map((page) => page.id).join(', ')}` : record.hibernated ? '' : '; no open page';
        // Its browser is closed to save memory, not gone: acting on it reopens its pages (with new ids).
        const status = record.hibernated ? 'hibernated (any action on it wakes it; list_sessions again then for its page ids)' : record.status;
        return `- session ${record.id} "${record.label}": ${status}, held by the ${record.controller}${instruction ? `; the developer asks: ${JSON.stringify(instruction)}` : ''}${notes.text && `; ${notes.text}`}${pageIds}`;
      });
      if (!lines.length) {
        return { text: 'There are no sessions. Use open_session to open one.' };
      }
      // Titles, addresses and the names of elements are the pages' own words.
      const pages = sessions.flatMap(({ pages }) => pages.map((page) => `page ${page.id}: ${JSON.stringify(page.title)} at ${page.url}`));
      const below = [...pages, ...pointed];
      return {
        text: `${lines.join('\n')}\nEach page's title and address are below.`,
        untrusted: below.length ? { origin: '', content: below.join('\n') } : undefined,
        pictures: pictures.length ? pictures : undefined,
      };
    },
  }),
  tool({
    name: 'open_session',
    description: 'Opens a new browser session of your own (you hold it at once) on a page, and returns its id and its page id. The developer sees it as a new tile on the canvas.',
    sideEffect: true,
    openWorld: true,
    async run(browser, input, actor) {
      const url = checkStartUrl(input.url);
      if (actor !== 'developer') {
        checkOrigin(url, browser.options.origins());
      }
      const record = await browser.manager.create({ url, label: input.label, headless: true, controller: actor ?? 'agent', agentClient: browser.client });
      const pages = browser.manager.connection(record.id)?.pageTargets ?? [];
      return { text: `Opened session ${named(browser, record.id)} on ${url}; page ${pages[0] ? pageIdOf(pages[0]) : '(none)'}. Use snapshot_page to see it.`, sessionId: record.id };
    },
  }),
  tool({
    name: 'navigate_page',
    description: "Opens an address in a page of a session you hold and waits for it to load. Sites outside the developer's allowed origins are refused.",
    sideEffect: true,
    openWorld: true,
    async run(browser, input, actor) {
      const { page, result: landed } = await onPage(browser, input, 'navigate', input.url, (target, signal) => navigate(target, input.url, browser.options.origins(), signal, browser.onDidBlockNavigation), actor);
      return loadedText(`Page ${pageIdOf(page.cdp.target)} loaded`, landed, checkStartUrl(input.url));
    },
  }),
  tool({
    name: 'snapshot_page',
    description: 'Returns a compact accessibility tree of the page: roles, names, values and a ref (e.g. [ref=e12]) on each element you can act on (controls, cards and items that can be dragged, named lists and regions to drop on); iframes and shadow DOM included. Refs work in the other tools until the page navigates. Long lists are folded and the whole is capped at about 4,000 tokens: pass "find" to see only what mentions some text. ' + UNTRUSTED_NOTE,
    sideEffect: false,
    async run(browser, input, actor) {
      const { page, result: snapshot } = await onPage(browser, input, 'snapshot', input.find ?? 'page', (target, signal) => target.snapshot({ find: input.find }, signal), actor);
      return {
        // The page's id and what was left out; the refs speak for themselves (a count only costs tokens).
        text: `Page ${pageIdOf(page.cdp.target)}${snapshot.omitted ? ` (${snapshot.omitted} elements not shown)` : ''}:`,
        untrusted: { content: `title: ${JSON.stringify(snapshot.title)}\naddress: ${snapshot.url}\n${snapshot.text}` },
      };
    },
  }),
  tool({
    name: 'click_element',
    description: 'Clicks an element (by ref from snapshot_page, or CSS selector) or a point of the viewport (x, y), with real mouse events; the element is scrolled into view first. Says when the click opened a file chooser.',
    sideEffect: true,
    async run(browser, input, actor) {
      const target = elementTarget(input);
      const { result: clicked, opened } = await onPage(browser, input, 'click', describeTarget(target), (page, signal) => page.fileChoosers.watch(() => page.click(target, { button: input.button, clickCount: input.doubleClick ? 2 : 1 }, signal), signal), actor, true);
      return withOpenedPages({ text: `${input.doubleClick ? 'Double-clicked' : 'Clicked'} ${clicked.description}.${FileChoosers.note(clicked.fileChooser)}`, untrusted: clicked.page }, opened);
    },
  }),
  tool({
    name: 'type_text',
    description: 'Clicks a field (by ref or selector) and types text into it; "clear" replaces what is there, "submit" presses Enter afterwards.',
    sideEffect: true,
    async run(browser, input, actor) {
      const target = elementTarget(input);
      // The text itself is never logged: it may be a password the developer gave.
      const { result: typed, opened } = await onPage(browser, input, 'type', `${describeTarget(target)} (${input.text.length} characters)`, (page, signal) => page.type(target, input.text, input, signal), actor, input.submit);
      return withOpenedPages({ text: `Typed into ${typed.description}${input.submit ? ' and pressed Enter' : ''}.`, untrusted: typed.page }, opened);
    },
  }),
  tool({
    name: 'press_key',
    description: 'Presses a key or a chord in the focused element of the page: "Enter", "Tab", "Escape", "ArrowDown", "a", "Control+A", "Shift+Tab". Says when the key opened a file chooser.',
    sideEffect: true,
    async run(browser, input, actor) {
      // Enter or Space on a focused file input opens its chooser, as a click does.
      const { result: pressed, opened } = await onPage(browser, input, 'press', input.key, (page, signal) => page.fileChoosers.watch(async () => (await page.press(input.key, signal), {}), signal), actor, true);
      return withOpenedPages({ text: `Pressed ${input.key}.${FileChoosers.note(pressed.fileChooser)}` }, opened);
    },
  }),
  tool({
    name: 'scroll_page',
    description: 'Scrolls the page (or the element given by ref or selector) with the mouse wheel.',
    sideEffect: false,
    async run(browser, input, actor) {
      const amount = input.amount ?? SCROLL_PX;
      const [dx, dy] = { up: [0, -amount], down: [0, amount], left: [-amount, 0], right: [amount, 0] }[input.direction];
      const target = input.ref || input.selector ? elementTarget(input) : undefined;
      await onPage(browser, input, 'scroll', `${input.direction} ${amount}`, (page, signal) => page.scroll(dx, dy, target, signal), actor);
      return { text: `Scrolled ${input.direction} by ${amount} px. Take a snapshot_page to see what is in view.` };
    },
  }),
  tool({
    name: 'select_option',
    description: 'Chooses an option of a drop-down (<select>, by ref or selector) by its label or value, firing input and change as a person would.',
    sideEffect: true,
    async run(browser, input, actor) {
      const target = elementTarget(input);
      const { result: chosen, opened } = await onPage(browser, input, 'select', describeTarget(target), (page, signal) => page.selectOption(target, input.option, signal), actor, true);
      return withOpenedPages({ text: `Chose the option in ${chosen.description}.`, untrusted: chosen.page }, opened);
    },
  }),
  tool({
    name: 'hover_element',
    description: 'Moves the mouse over an element (ref or selector) or a point, e.g. to open a menu that shows on hover.',
    sideEffect: false,
    async run(browser, input, actor) {
      const target = elementTarget(input);
      const { result: hovered } = await onPage(browser, input, 'hover', describeTarget(target), (page, signal) => page.hover(target, signal), actor);
      return { text: `The mouse is over ${hovered.description}.`, untrusted: hovered.page };
    },
  }),
  tool({
    name: 'wait_for',
    description: 'Waits until text appears on the page (in any of its frames or open shadow roots), a CSS selector matches (or, with "gone", until either goes away), or the next page load; up to timeoutMs (default 10 s).',
    sideEffect: false,
    async run(browser, input, actor) {
      const { result } = await onPage(browser, input, 'waitFor', input.text ?? input.selector ?? 'navigation', (page, signal) => waitFor(page, input, signal), actor);
      return { text: result };
    },
  }),
  tool({
    name: 'navigate_history',
    description: "Goes back or forward in a page's history, or reloads it (the way out after a crash), and waits for the load. Sites outside the developer's allowed origins are refused.",
    sideEffect: true,
    async run(browser, input, actor) {
      const guard = { reloads: input.direction === 'reload' };
      const { page, result: landed } = await browser.onPage({ sessionId: input.session, pageId: input.page, action: input.direction, what: input.direction, actor, guard }, (target, signal) => navigateHistory(target, input.direction, browser.options.origins(), signal));
      return loadedText(`Page ${pageIdOf(page.cdp.target)} loaded`, landed);
    },
  }),
  tool({
    name: 'handle_dialog',
    description: 'Answers the JavaScript dialog (alert, confirm, prompt, or "leave this page?") that a page is waiting on: accept or dismiss, with promptText for a prompt. Tools say when a dialog is open.',
    sideEffect: true,
    async run(browser, input, actor) {
      const { result: kind } = await browser.onPage({ sessionId: input.session, pageId: input.page, action: 'dialog', what: input.action, actor, guard: { whileDialog: true } }, async (target, signal) => {
        const dialog = target.cdp.health.dialog;
        if (!dialog) {
          throw new AgentError('NOT_FOUND', `No dialog is open on page ${pageIdOf(target.cdp.target)}.`);
        }
        await abortable(target.cdp.send('Page.handleJavaScriptDialog', { accept: input.action === 'accept', promptText: input.promptText }), signal);
        return dialog.kind;
      });
      return { text: `${input.action === 'accept' ? 'Accepted' : 'Dismissed'} the ${kind} dialog.` };
    },
  }),
  tool({
    name: 'take_screenshot',
    description: 'Returns a PNG screenshot of the page as it looks now, or of one element (ref or selector), scrolled into view.',
    sideEffect: false,
    async run(browser, input, actor) {
      if (input.ref || input.selector) {
        const target = elementTarget(input);
        const { result: shot } = await onPage(browser, input, 'screenshot', describeTarget(target), (page, signal) => page.screenshotOf(target, signal), actor);
        return { text: `Screenshot of ${shot.description}${shot.cut ? ' (larger than the viewport: its visible part only)' : ''}.`, image: shot.image, untrusted: shot.page };
      }
      const { page, result: image } = await onPage(browser, input, 'screenshot', 'page', (target, signal) => target.screenshot(signal), actor);
      return { text: `Screenshot of page ${pageIdOf(page.cdp.target)}.`, image };
    },
  }),
  tool({
    name: 'evaluate_function',
    description: 'Calls a JavaScript function in the page with JSON arguments and returns its result as JSON: for reading what the other tools cannot. Pass a function and args; never build code from strings.',
    sideEffect: true,
    destructive: true,
    async run(browser, input, actor) {
      const { page, result: value, opened } = await onPage(browser, input, 'evaluate', `function of ${input.function.length} characters`, (target, signal) => evaluateFunction(target, input.function, input.args ?? [], signal), actor, true);
      const url = browser.manager.connection(input.session)?.pageTarget(page.targetId)?.url() ?? '';
      return withOpenedPages({ text: 'The function returned:', untrusted: { origin: originOf(url), content: resultText(value) } }, opened);
    },
  }),
  ...flowTools,
  ...inputTools,
  ...pageTools,
  ...observeTools,
  ...recordingTools,
  ...storageTools,
  ...historyTools,
  tool({
    name: 'hand_back',
    description: 'Gives a session back to the developer, with a message: when you are done, or when you need them (a captcha, a login, a decision). You may not act on it afterwards until they hand it to you again.',
    sideEffect: false,
    async run(browser, input) {
      browser.control.signalFor(input.session); // refuses a session the agent does not hold
      await browser.control.handBack(input.session, input.message);
      return { text: `Session ${named(browser, input.session)} is back with the developer.` };
    },
  }),
] as const;

export { AgentTool, ToolOutput } from './agentTool';

export function findTool(name: string): AgentTool | undefined {
  return (agentTools as readonly AgentTool[]).find((candidate) => candidate.name === name);
}

/** Validates the input against the tool's schema; a model gets told which field is wrong. */
export function parseToolInput<N extends ToolName>(name: N, input: unknown): ToolInput<N> {
  const parsed = toolInputs[name].safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AgentError('INVALID_INPUT', `Input of ${name}: ${issue.path.join('.') || '(input)'}: ${issue.message}.`);
  }
  return parsed.data as ToolInput<N>;
}

function describeTarget(target: { ref?: string; selector?: string; x?: number; y?: number }): string {
  return target.ref ?? target.selector ?? `(${target.x}, ${target.y})`;
}
