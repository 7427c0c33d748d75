// The host's questions to the canvas, each paired with the message that answers it. A question
// carries a `requestId`; its answer names it, and the host applies an answer only to the question
// still open on that tile, so an answer to a list or a dialog that has since closed (or been replaced
// by another) is dropped rather than applied to the next one.
import type { HostMessage, WebviewMessage } from './protocol';

/** Each question's kind and its answer's. */
export const ANSWERS = { selectOpened: 'chooseOption', dialogOpened: 'answerDialog' } as const;

export type QuestionKind = keyof typeof ANSWERS;
export type Question<K extends QuestionKind = QuestionKind> = Extract<HostMessage, { type: K }>;
export type Answer<K extends QuestionKind = QuestionKind> = Extract<WebviewMessage, { type: (typeof ANSWERS)[K] }>;

/** What the answer says beyond whom it answers. */
type Reply<K extends QuestionKind> = Omit<Answer<K>, 'type' | 'tileId' | 'requestId'>;

/** What every question carries (a question kind without it does not compile where it is answered). */
interface Asked {
  readonly type: QuestionKind;
  readonly tileId: string;
  readonly requestId: number;
}

/** The answer to `question`: its kind, tile and id come from the question, so it cannot name another. */
export function answerTo<K extends QuestionKind>(question: Question<K> & Asked, reply: Reply<K>): Answer<K> {
  const { type, tileId, requestId }: Asked = question;
  return { ...reply, type: ANSWERS[type], tileId, requestId } as Answer<K>;
}

/** The question kind an answer answers. */
export function questionOf(answer: Answer): QuestionKind {
  return (Object.keys(ANSWERS) as QuestionKind[]).find((kind) => ANSWERS[kind] === answer.type)!;
}

/** The webview's requests to the host, each paired with the reply that answers it (by `requestId`, on the same tile). */
export const REPLIES = { timelineRange: 'timelineEntries' } as const;

export type RequestKind = keyof typeof REPLIES;
export type Request<K extends RequestKind = RequestKind> = Extract<WebviewMessage, { type: K }>;
export type RequestReply<K extends RequestKind = RequestKind> = Extract<HostMessage, { type: (typeof REPLIES)[K] }>;

/** The reply to `request`: its kind, tile and id come from the request, so it cannot answer another. */
export function replyTo<K extends RequestKind>(request: Request<K>, body: Omit<RequestReply<K>, 'type' | 'tileId' | 'requestId'>): RequestReply<K> {
  const { type, tileId, requestId }: { readonly type: RequestKind; readonly tileId: string; readonly requestId: number } = request;
  return { ...body, type: REPLIES[type], tileId, requestId } as RequestReply<K>;
}
