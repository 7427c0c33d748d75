// A page that keeps its main thread busy on purpose: a long task per press, and animation frames.

export const BUSY_PAGE = `<!doctype html><title>Busy</title><button id="work">Work</button><div id="box" style="width:50px;height:50px;background:teal"></div>
<script>
document.getElementById('work').onclick = () => {
  const until = performance.now() + 120;
  while (performance.now() < until) {}
  document.title = 'worked';
};
let angle = 0;
(function spin() { document.getElementById('box').style.transform = 'rotate(' + (angle += 3) + 'deg)'; requestAnimationFrame(spin); })();
</script>`;
