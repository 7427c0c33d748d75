import { z } from 'zod';
import { userFlow } from '../recorder/flowSchema';

// One entry of a session's timeline: who did what, where, how long it took and how it ended. The action
// is in the Chrome DevTools Recorder's step vocabulary (flowSchema.ts), so a range of entries can become
// a flow that replays without a model.

const step = userFlow.shape.steps.element;

const cssPixels = z.number().finite();

/** The element acted on, in the page's CSS pixels (viewport-relative), and the viewport then: drawn over the entry's thumbnail. */
export const timelineTarget = z.object({
  box: z.object({ x: cssPixels, y: cssPixels, width: cssPixels.min(0), height: cssPixels.min(0) }),
  viewport: z.object({ width: cssPixels.positive(), height: cssPixels.positive() }),
});
export type TimelineTarget = z.infer<typeof timelineTarget>;

export const timelineEntry = z.object({
  /** 1, 2, 3… per session, never reused (the oldest entries are dropped, their numbers are not). */
  seq: z.number().int().positive(),
  /** ISO time the action began. */
  time: z.string(),
  actor: z.enum(['developer', 'agent']),
  /** The agent client the action came from ("mcp:claude-code"); none for the developer or the in-editor agent. */
  client: z.string().optional(),
  /** What was done, in our words: a recorded step's type ("click"), or the agent tool's action ("snapshot", "type"). */
  action: z.string().min(1),
  /** The Recorder steps the action amounts to: none for a read, two for a key press (down, up). */
  steps: z.array(step),
  /** The page's short id (agent/pageIds.ts) and its address when the action began. */
  page: z.string().optional(),
  url: z.string().optional(),
  durationMs: z.number().min(0),
  /** The file the action saved (a HAR, a trace): its path. */
  file: z.string().optional(),
  /** 'ok', or the error code the action failed with (AgentErrorCode). */
  result: z.string().min(1),
  /** Where an element was acted on (none for a read, a key press, a handoff; none in files from before it was kept). */
  target: timelineTarget.optional(),
});

export type TimelineEntry = z.infer<typeof timelineEntry>;
export type TimelineStep = TimelineEntry['steps'][number];
/** What a caller appends: the store numbers and times it. */
export type NewTimelineEntry = Omit<TimelineEntry, 'seq' | 'time'> & { readonly time?: string };

/** The session changing hands: entries that are not actions on its page. */
const HAND_OVER_ACTIONS = ['handToAgent', 'takeBack', 'handBack'] as const;
export type HandOverAction = (typeof HAND_OVER_ACTIONS)[number];
const HAND_OVERS: ReadonlySet<string> = new Set(HAND_OVER_ACTIONS);

/** Whether the entry is the session changing hands, not an action on its page. */
export function isHandOver(entry: Pick<TimelineEntry, 'action'>): boolean {
  return HAND_OVERS.has(entry.action);
}

/** The entry a line of the file holds, or undefined for a line that is not one (cut short by a crash, edited by hand). */
export function parseTimelineLine(line: string): TimelineEntry | undefined {
  try {
    const parsed = timelineEntry.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
