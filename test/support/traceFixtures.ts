// A page whose main thread a test keeps busy on purpose (`busyFor`): a long task the trace must show.

export const BUSY_PAGE = `<!doctype html><title>Busy</title><p>Busy page</p>
<script>
function busyFor(ms) {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}
</script>`;
