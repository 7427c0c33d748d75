import { z } from 'zod';
import type { RecordedEvent } from '../pageSide/recorderScript';

// What the recorder script reports, checked on arrival: the binding is on the page's global object,
// so the page itself can call it with anything. What does not fit is dropped.

const text = z.string().max(100_000);
const count = z.number().int().min(0).max(1e9);
const coordinate = z.number().finite().min(-1e7).max(1e7);
const onElement = {
  id: count,
  dom: z.strictObject({ levels: z.array(z.array(z.string().max(2_000)).max(20)).max(20), uniqueText: text.optional() }).optional(),
};

const recordedEvent = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(['click', 'doubleClick']), ...onElement, offsetX: coordinate, offsetY: coordinate }),
  z.strictObject({ kind: z.literal('change'), ...onElement, value: text.optional(), secret: z.boolean().optional(), secretName: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional() }),
  z.strictObject({ kind: z.enum(['keyDown', 'keyUp']), key: z.string().min(1).max(40) }),
  z.strictObject({ kind: z.literal('scroll'), id: count.optional(), dom: onElement.dom, x: coordinate, y: coordinate }),
  z.strictObject({ kind: z.literal('aria'), id: count, aria: z.string().startsWith('aria/').max(2_000) }),
  z.strictObject({ kind: z.literal('viewport'), width: z.number().int().min(1).max(100_000), height: z.number().int().min(1).max(100_000) }),
]);

/** The event in a binding call's payload, or undefined for anything the recorder script would not send. */
export function parseRecordedEvent(payload: string): RecordedEvent | undefined {
  try {
    const parsed = recordedEvent.safeParse(JSON.parse(payload));
    return parsed.success ? (parsed.data as RecordedEvent) : undefined;
  } catch {
    return undefined;
  }
}
