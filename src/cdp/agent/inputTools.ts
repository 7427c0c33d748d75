import { setViewportSize } from '../target/viewportSize';
import type { AgentBrowser } from './agentBrowser';
import { tool } from './agentTool';
import { abortable } from '../action/abort';
import { AgentError } from '../action/agentError';
import { checkUploadPaths } from './uploadPaths';
import { pageIdOf } from './pageIds';

// Files for a page, drag and drop, and the page's viewport and colour scheme: tools on par with
// Playwright MCP's (issue 15). Each goes through AgentBrowser.onPage like the rest of the table.

function uploadFolders(browser: AgentBrowser): readonly string[] {
  return browser.options.uploadFolders?.() ?? [];
}

export const inputTools = [
  tool({
    name: 'upload_file',
    description:
      'Gives files to a file input (by ref or selector), or, with neither, answers the file chooser that a click just opened (click_element says when one did; use that for inputs hidden behind a button). Only files inside the folders the developer allows.',
    sideEffect: true,
    async run(browser, input, actor) {
      const target = input.ref || input.selector ? { ref: input.ref, selector: input.selector } : undefined;
      const what = `${target ? (input.ref ?? input.selector) : 'the open file chooser'} (${input.paths.length} files)`;
      const { result: given } = await browser.onPage({ sessionId: input.session, pageId: input.page, action: 'upload', what, actor }, async (page, signal) => {
        const files = await abortable(checkUploadPaths(input.paths, uploadFolders(browser)), signal);
        return page.upload(target, files, signal);
      });
      const count = input.paths.length === 1 ? 'one file' : `${input.paths.length} files`;
      return { text: `Gave ${count} to ${given ? given.description : 'the open file chooser'}.`, untrusted: given?.page };
    },
  }),
  tool({
    name: 'drag_element',
    description:
      'Drags an element (ref or selector) and drops it on another (toRef or toSelector) or at a point of the viewport (toX, toY), with real mouse presses and moves: HTML5 drag and drop, sortable lists and sliders all work.',
    sideEffect: true,
    async run(browser, input, actor) {
      const to = { ref: input.toRef, selector: input.toSelector, x: input.toX, y: input.toY };
      if (to.ref === undefined && to.selector === undefined && (to.x === undefined || to.y === undefined)) {
        throw new AgentError('INVALID_INPUT', 'Say where to drop it: toRef, toSelector, or toX and toY.');
      }
      const what = `${input.ref ?? input.selector ?? '(nothing)'} to ${to.ref ?? to.selector ?? `(${to.x}, ${to.y})`}`;
      const { result: dragged } = await browser.onPage({ sessionId: input.session, pageId: input.page, action: 'drag', what, actor }, (target, signal) =>
        target.drag({ ref: input.ref, selector: input.selector }, to, signal),
      );
      const kind = dragged.kind === 'html5' ? 'HTML5 drag and drop' : 'mouse drag';
      return {
        text: `Dragged ${dragged.from.description} to ${dragged.to.description} (${kind}).`,
        untrusted: { content: `${dragged.from.page.content}\n${dragged.to.page.content}` },
      };
    },
  }),
  tool({
    name: 'resize_viewport',
    description: "Resizes a page's viewport (CSS pixels), e.g. to see a phone-sized layout. The developer's tile on the canvas takes the same size.",
    sideEffect: true,
    async run(browser, input, actor) {
      const { page, result: size } = await browser.onPage({ sessionId: input.session, pageId: input.page, action: 'resize', what: `${input.width}x${input.height}`, actor }, async (target, signal) => {
        await abortable(setViewportSize(target.cdp, input.width, input.height), signal);
        const { cssLayoutViewport: view } = await abortable(target.cdp.send('Page.getLayoutMetrics'), signal);
        return { width: view.clientWidth, height: view.clientHeight };
      });
      const exact = size.width === input.width && size.height === input.height;
      return { text: `The viewport of page ${pageIdOf(page.cdp.target)} is now ${size.width}x${size.height}${exact ? '' : ` (the browser did not allow ${input.width}x${input.height})`}.` };
    },
  }),
  tool({
    name: 'emulate_media',
    description: 'Makes a page see a light or dark colour scheme preference (CSS prefers-color-scheme), or its own again (no-preference), while Browser Canvas stays connected to the session.',
    sideEffect: true,
    async run(browser, input, actor) {
      const value = input.colorScheme === 'no-preference' ? '' : input.colorScheme;
      const { page } = await browser.onPage({ sessionId: input.session, pageId: input.page, action: 'emulate', what: input.colorScheme, actor }, (target, signal) =>
        abortable(target.cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value }] }), signal),
      );
      return { text: value ? `Page ${pageIdOf(page.cdp.target)} now prefers a ${value} colour scheme.` : `Page ${pageIdOf(page.cdp.target)} follows the browser's own colour scheme again.` };
    },
  }),
] as const;
