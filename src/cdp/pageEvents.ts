import type { Page } from 'puppeteer-core';
import type { Logger } from 'pino';
import { DisposableStore, IDisposable } from './disposable';
import { onEvent, PageEventName } from './puppeteerEvents';

/** A URL without its query and fragment: those often carry tokens, which never reach a log. */
function loggableUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return url.protocol === 'data:' ? 'data:…' : `${url.origin}${url.pathname}`;
  } catch {
    return raw.slice(0, 200);
  }
}

/**
 * Logs what happens inside one page: console messages, uncaught errors, dialogs, renderer crashes, and
 * network requests and responses when asked. Returns what removes every listener again.
 */
export function logPageEvents(page: Page, log: Logger, options: { readonly network: boolean }): IDisposable {
  const store = new DisposableStore();
  const pageUrl = () => loggableUrl(page.url());
  store.add(
    onEvent(page, PageEventName.console, (message) =>
      log.info({ event: 'console', consoleType: message.type(), text: message.text().slice(0, 2000), url: pageUrl() }, 'page console'),
    ),
  );
  store.add(
    onEvent(page, PageEventName.pageError, (error) =>
      log.warn({ event: 'pageError', error: error instanceof Error ? error.message : String(error), url: pageUrl() }, 'uncaught page error'),
    ),
  );
  store.add(
    onEvent(page, PageEventName.dialog, (dialog) =>
      log.info({ event: 'dialog', type: dialog.type(), message: dialog.message().slice(0, 500), url: pageUrl() }, 'page dialog'),
    ),
  );
  store.add(onEvent(page, PageEventName.error, (error) => log.error({ event: 'rendererCrash', error: error.message, url: pageUrl() }, 'page crashed')));
  if (options.network) {
    store.add(
      onEvent(page, PageEventName.request, (request) =>
        log.info({ event: 'request', method: request.method(), url: loggableUrl(request.url()), resourceType: request.resourceType() }, 'request'),
      ),
    );
    store.add(
      onEvent(page, PageEventName.response, (response) =>
        log.info({ event: 'response', status: response.status(), url: loggableUrl(response.url()) }, 'response'),
      ),
    );
    store.add(
      onEvent(page, PageEventName.requestFailed, (request) =>
        log.warn({ event: 'requestFailed', url: loggableUrl(request.url()), error: request.failure()?.errorText }, 'request failed'),
      ),
    );
  }
  return store;
}
