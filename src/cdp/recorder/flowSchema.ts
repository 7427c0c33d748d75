import { z } from 'zod';

// A Chrome DevTools Recorder user flow, the one action model of recording and replay: what the
// recorder writes, what replay reads, what Chrome DevTools and @puppeteer/replay open unchanged.
// The schema checks what a replay needs; unknown extra fields (from newer recorders) are kept.

const selector = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const selectors = z.array(selector).min(1, 'needs at least one selector');
const frame = z.array(z.number().int().min(0)).optional();
const target = z.string().optional();
const assertedEvents = z.array(z.looseObject({ type: z.enum(['navigation']), url: z.string().optional(), title: z.string().optional() })).optional();
const common = { timeout: z.number().int().positive().optional(), assertedEvents };
const onElement = { ...common, selectors, frame, target };
const offset = { offsetX: z.number(), offsetY: z.number() };
const pointer = { button: z.enum(['primary', 'auxiliary', 'secondary', 'back', 'forward']).optional(), deviceType: z.enum(['mouse', 'pen', 'touch']).optional() };

const step = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('setViewport'), ...common, target, width: z.number().int().positive(), height: z.number().int().positive(), deviceScaleFactor: z.number().positive(), isMobile: z.boolean(), hasTouch: z.boolean(), isLandscape: z.boolean() }),
  z.looseObject({ type: z.literal('navigate'), ...common, target, url: z.string().min(1) }),
  z.looseObject({ type: z.literal('click'), ...onElement, ...offset, ...pointer, duration: z.number().optional() }),
  z.looseObject({ type: z.literal('doubleClick'), ...onElement, ...offset, ...pointer }),
  z.looseObject({ type: z.literal('hover'), ...onElement }),
  z.looseObject({ type: z.literal('change'), ...onElement, value: z.string() }),
  z.looseObject({ type: z.literal('keyDown'), ...common, target, key: z.string().min(1) }),
  z.looseObject({ type: z.literal('keyUp'), ...common, target, key: z.string().min(1) }),
  z.looseObject({ type: z.literal('scroll'), ...common, selectors: selectors.optional(), frame, target, x: z.number().optional(), y: z.number().optional() }),
  z.looseObject({ type: z.literal('close'), ...common, target }),
  z.looseObject({
    type: z.literal('waitForElement'),
    ...onElement,
    operator: z.enum(['>=', '==', '<=']).optional(),
    count: z.number().int().min(0).optional(),
    visible: z.boolean().optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
    attributes: z.record(z.string(), z.string()).optional(),
  }),
  z.looseObject({ type: z.literal('waitForExpression'), ...common, frame, target, expression: z.string().min(1) }),
  z.looseObject({ type: z.literal('customStep'), ...common, frame, target, name: z.string().min(1), parameters: z.unknown() }),
]);

export const userFlow = z.looseObject({
  title: z.string().min(1, 'needs a title'),
  timeout: z.number().int().positive().optional(),
  selectorAttribute: z.string().optional(),
  steps: z.array(step).min(1, 'needs at least one step'),
});

export type UserFlow = z.infer<typeof userFlow>;
export type FlowStep = UserFlow['steps'][number];

/** A flow that cannot be replayed, said by step and field: "Step 3 (click): selectors: needs at least one selector". */
export class FlowFormatError extends Error {
  constructor(
    message: string,
    /** 1-based, as a person counts steps; undefined for the flow's own fields. */
    readonly step?: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'FlowFormatError';
  }
}

/** Parses a flow file's text (or an object already parsed); throws FlowFormatError naming what is wrong. */
export function parseFlow(source: string | unknown): UserFlow {
  let raw: unknown = source;
  if (typeof source === 'string') {
    try {
      raw = JSON.parse(source);
    } catch (error) {
      throw new FlowFormatError(`The flow is not JSON: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }
  const parsed = userFlow.safeParse(raw);
  if (parsed.success) {
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  const [first, index, ...rest] = issue.path;
  if (first === 'steps' && typeof index === 'number') {
    const steps = (raw as { steps: unknown[] }).steps;
    const type = (steps[index] as { type?: unknown } | null)?.type;
    const field = rest.map(String).join('.') || 'type';
    const what = typeof type === 'string' ? ` (${type})` : '';
    const message = field === 'type' && issue.code === 'invalid_union' ? `is not a step type a replay knows` : issue.message;
    throw new FlowFormatError(`Step ${index + 1}${what}: ${field}: ${message}.`, index + 1, field);
  }
  const field = issue.path.map(String).join('.') || '(flow)';
  throw new FlowFormatError(`The flow's ${field}: ${issue.message}.`, undefined, field);
}
