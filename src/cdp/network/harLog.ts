import type { Content, Entry, Har, Page, PostData } from 'har-format';
import type { NetworkPage, NetworkRecord } from './networkRecords';
import { harTimings } from './harTimings';
import { Redactor } from './harRedaction';

/** One body's text at most; a larger one is cut (the HAR says so). */
export const MAX_BODY_CHARS = 64 * 1024;
/** All bodies of one file together: past this, bodies are left out. */
const MAX_BODIES_CHARS = 8 * 1024 * 1024;

/** Bodies worth keeping as text; others are described. */
const TEXT_TYPE = /^text\/|^application\/(json|javascript|ecmascript|xml|x-www-form-urlencoded)\b|[+/](json|xml)\b|^image\/svg\+xml/;

export interface HarOptions {
  readonly creatorVersion: string;
  /** Where the records came from, for the file's comment. */
  readonly comment?: string;
}

/**
 * The records as a HAR 1.2 log (DevTools' Network panel imports it): pages, entries with timings,
 * headers, status, sizes and bounded text bodies, every credential redacted (harRedaction.ts).
 */
export async function harLog(input: { readonly records: readonly NetworkRecord[]; readonly pages: readonly NetworkPage[] }, options: HarOptions): Promise<Har> {
  const redactor = new Redactor();
  const budget = { left: MAX_BODIES_CHARS };
  const entries: Entry[] = [];
  for (const record of input.records) {
    entries.push(await harEntry(record, redactor, budget));
  }
  const har: Har = {
    log: {
      version: '1.2',
      creator: { name: 'Browser Canvas', version: options.creatorVersion },
      pages: input.pages.map(harPage),
      entries,
      comment: options.comment,
    },
  };
  return redactor.scrub(har);
}

function harPage(page: NetworkPage): Page {
  return {
    id: page.id,
    startedDateTime: new Date(page.wallTimeMs).toISOString(),
    title: page.url,
    pageTimings: { onContentLoad: page.onContentLoadMs ?? -1, onLoad: page.onLoadMs ?? -1 },
  };
}

async function harEntry(record: NetworkRecord, redactor: Redactor, budget: { left: number }): Promise<Entry> {
  const { request, response } = record;
  const { time, timings } = harTimings(record);
  const requestHeaders = redactor.headers(record.sentHeaders ?? request.headers);
  const postData = await requestBody(record, redactor);
  const location = response ? Object.entries(record.receivedHeaders ?? response.headers).find(([name]) => name.toLowerCase() === 'location')?.[1] : undefined;
  return {
    pageref: record.pageRef,
    startedDateTime: new Date(record.wallTimeMs).toISOString(),
    time,
    request: {
      method: request.method,
      url: redactor.url(request.url),
      httpVersion: response?.protocol ?? '',
      cookies: [],
      headers: requestHeaders,
      queryString: redactor.queryString(request.url),
      postData,
      headersSize: -1,
      bodySize: postData ? Buffer.byteLength(postData.text ?? '') : 0,
    },
    response: {
      status: response?.status ?? 0,
      statusText: response?.statusText ?? record.failed ?? '',
      httpVersion: response?.protocol ?? '',
      cookies: [],
      headers: redactor.headers(record.receivedHeaders ?? response?.headers),
      content: await responseContent(record, redactor, budget),
      redirectURL: location ? redactor.url(new URL(String(location), request.url).toString()) : '',
      headersSize: -1,
      bodySize: record.encodedDataLength ?? -1,
      comment: record.failed && `Failed: ${record.failed}`,
    },
    cache: {},
    timings,
    serverIPAddress: response?.remoteIPAddress,
    // DevTools' own field: Chromium's resource type, lower case.
    _resourceType: record.resourceType.toLowerCase() as Entry['_resourceType'],
  };
}

async function requestBody(record: NetworkRecord, redactor: Redactor): Promise<PostData | undefined> {
  const { request } = record;
  if (!request.hasPostData) {
    return undefined;
  }
  const mimeType = Object.entries(record.sentHeaders ?? request.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  const text =
    request.postData ??
    (request.postDataEntries?.length ? Buffer.concat(request.postDataEntries.map((entry) => Buffer.from(entry.bytes ?? '', 'base64'))).toString('utf8') : undefined) ??
    (await record.client.send('Network.getRequestPostData', { requestId: record.requestId }).then(({ postData }) => postData, () => undefined));
  if (text === undefined) {
    return { mimeType, text: '', comment: 'The body was no longer kept by the browser.' };
  }
  return { mimeType, text: cut(redactor.body(text, mimeType)) };
}

async function responseContent(record: NetworkRecord, redactor: Redactor, budget: { left: number }): Promise<Content> {
  const mimeType = record.response?.mimeType ?? '';
  const content: Content = { size: record.encodedDataLength ?? 0, mimeType };
  if (!record.response || record.redirected || record.failed || record.endTimestamp === undefined) {
    return content;
  }
  if (!TEXT_TYPE.test(mimeType)) {
    return { ...content, comment: 'Not text: the body is not kept.' };
  }
  if (budget.left <= 0) {
    return { ...content, comment: 'Left out: the file holds enough bodies already.' };
  }
  const body = await record.client.send('Network.getResponseBody', { requestId: record.requestId }).catch(() => undefined);
  if (!body) {
    return { ...content, comment: 'The body was no longer kept by the browser.' };
  }
  const text = body.base64Encoded ? Buffer.from(body.body, 'base64').toString('utf8') : body.body;
  const redacted = redactor.body(text, mimeType);
  const kept = cut(redacted);
  budget.left -= kept.length;
  return { ...content, size: Buffer.byteLength(text), text: kept, comment: kept.length < redacted.length ? `Cut at ${MAX_BODY_CHARS} of ${redacted.length} characters.` : undefined };
}

function cut(text: string): string {
  return text.length > MAX_BODY_CHARS ? text.slice(0, MAX_BODY_CHARS) : text;
}
