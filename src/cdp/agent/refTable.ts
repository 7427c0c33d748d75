import type { AxItem } from './axTree';

export interface ElementRef {
  readonly frameId: string;
  readonly backendNodeId: number;
}

/**
 * The refs a snapshot shows ("e12"), per page. An element keeps its ref across snapshots; a
 * navigation retires every ref, and numbers never restart, so an old ref can only fail, clearly.
 */
export class RefTable {
  private readonly refs = new Map<string, ElementRef>();
  private readonly byElement = new Map<string, string>();
  private issued = 0;
  private retiredBecause = '';

  refFor(item: AxItem): string {
    const key = `${item.frameId}:${item.backendNodeId}`;
    let ref = this.byElement.get(key);
    if (!ref) {
      ref = `e${++this.issued}`;
      this.byElement.set(key, ref);
      this.refs.set(ref, { frameId: item.frameId, backendNodeId: item.backendNodeId! });
    }
    return ref;
  }

  /** The element behind `ref`, or why there is none. */
  lookup(ref: string): { element?: ElementRef; problem?: string } {
    const element = this.refs.get(ref);
    if (element) {
      return { element };
    }
    const number = /^e(\d+)$/.exec(ref)?.[1];
    if (number && Number(number) <= this.issued) {
      return { problem: `ref ${ref} is from before the page changed (${this.retiredBecause}). Take a new snapshot_page and use its refs.` };
    }
    return { problem: `there is no ref ${ref} on this page. Take a snapshot_page and use a ref it shows.` };
  }

  /** The page changed: every ref issued so far stops meaning anything. */
  retire(reason: string): void {
    this.refs.clear();
    this.byElement.clear();
    this.retiredBecause = reason;
  }
}
