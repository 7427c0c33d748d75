// What the agent does, drawn over its tile and never in the page: the target's box before an action,
// a ripple where a click lands, the text it types or the key it presses. Each mark fades on its own.
import { element } from './dom';
import type { HostMessage } from '../contract/protocol';
import type { Rect } from './rect';

type AgentStepMessage = Extract<HostMessage, { type: 'agentStep' }>;

/** How long each mark stays (ms); the CSS animations in canvas.css match. */
const LIFETIME: Record<AgentStepMessage['kind'], number> = { target: 1200, click: 700, type: 1600, key: 1200, scroll: 700 };
/** The last marks, for tests and the benchmark. */
const HISTORY = 50;

export interface ShownStep {
  readonly tileId: string;
  readonly kind: AgentStepMessage['kind'];
  /** Where it was drawn, in client coordinates. */
  readonly rect: Rect;
  readonly text?: string;
}

export class AgentHighlights {
  readonly root = element('div', 'agent-highlights');
  readonly shown: ShownStep[] = [];

  /** `place` maps a box in a tile's page CSS pixels to client coordinates (undefined: no such tile). */
  constructor(private readonly place: (tileId: string, pageBox: Rect) => Rect | undefined) {}

  show(step: AgentStepMessage): void {
    const anchor = step.box ?? (step.point ? { ...step.point, width: 0, height: 0 } : { x: 12, y: 12, width: 0, height: 0 });
    const rect = this.place(step.tileId, anchor);
    if (!rect) {
      return;
    }
    const mark = element('div', `agent-mark agent-${step.kind}`);
    Object.assign(mark.style, { left: `${rect.x}px`, top: `${rect.y}px`, width: `${rect.width}px`, height: `${rect.height}px` });
    if (step.text && step.kind !== 'target') {
      mark.append(element('span', 'agent-label', step.kind === 'key' ? `⌨ ${step.text}` : step.text));
    }
    this.root.append(mark);
    setTimeout(() => mark.remove(), LIFETIME[step.kind]);
    this.shown.push({ tileId: step.tileId, kind: step.kind, rect, text: step.text });
    this.shown.splice(0, Math.max(0, this.shown.length - HISTORY));
  }

  dispose(): void {
    this.root.replaceChildren();
  }
}
