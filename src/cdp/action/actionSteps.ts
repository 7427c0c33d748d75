// How an action is shown and paced, the same for the agent's tools and a flow's replay.
import type { StepMark } from '../../contract/shapes';

/** What the canvas shows of an action on the page `targetId` (StepMark). */
export interface AgentStep extends StepMark {
  readonly targetId: string;
}

/** demonstration: a brief highlight; guided: highlight, slowed, a pause between steps; execution: no highlights. */
export type FeedbackMode = 'demonstration' | 'guided' | 'execution';
/** How long a target shows before the action, and the pause after it; a flow replay paces itself the same. */
export const HIGHLIGHT_MS: Readonly<Record<FeedbackMode, number>> = { demonstration: 150, guided: 700, execution: 0 };
export const PAUSE_AFTER_MS: Readonly<Record<FeedbackMode, number>> = { demonstration: 0, guided: 500, execution: 0 };
