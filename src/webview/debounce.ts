// Trailing-edge debounce: bursts of calls (camera drags, resizes) become one call after a quiet spell.

export interface Debounced {
  schedule(): void;
  cancel(): void;
}

export function debounce(run: () => void, milliseconds: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    schedule() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        run();
      }, milliseconds);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
