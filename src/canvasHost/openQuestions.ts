import { Answer, ANSWERS, questionOf, QuestionKind } from '../contract/requests';

/**
 * The questions open on the canvas, at most one of each kind per tile (a new one replaces the last):
 * an answer counts only for the question still open, once.
 */
export class OpenQuestions {
  private lastId = 0;
  private readonly open = new Map<string, number>();

  /** A new question of `kind` on the tile: its id, for the message that asks it. */
  ask(kind: QuestionKind, tileId: string): number {
    const id = ++this.lastId;
    this.open.set(key(kind, tileId), id);
    return id;
  }

  /** The id of the question of `kind` open on the tile, if any (to ask it again of a new canvas). */
  current(kind: QuestionKind, tileId: string): number | undefined {
    return this.open.get(key(kind, tileId));
  }

  /** Whether `answer` answers the question open on its tile; if so, that question is closed. */
  take(answer: Answer): boolean {
    const asked = key(questionOf(answer), answer.tileId);
    if (this.open.get(asked) !== answer.requestId) {
      return false;
    }
    this.open.delete(asked);
    return true;
  }

  /** The question went away without an answer (the page closed its dialog). */
  close(kind: QuestionKind, tileId: string): void {
    this.open.delete(key(kind, tileId));
  }

  /** The tile is gone, with its questions. */
  forget(tileId: string): void {
    for (const kind of Object.keys(ANSWERS) as QuestionKind[]) {
      this.close(kind, tileId);
    }
  }
}

function key(kind: QuestionKind, tileId: string): string {
  return `${kind} ${tileId}`;
}
