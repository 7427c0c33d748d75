import * as assert from 'node:assert/strict';
import { SESSION_COLORS } from '../../src/canvasHost/tileInfo';
import { contrastRatio, readableInk } from '../../src/webview/colors';

const rgb = (hex: string) => [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
const distance = (a: string, b: string) => Math.hypot(...rgb(a).map((channel, i) => channel - rgb(b)[i]));
const AGENT_ORANGE = '#d18616'; // theme.ts fallback for charts.orange: the agent's border and badge
const FOCUS_BLUES = ['#007fd4', '#0090f1', '#3794ff']; // focusBorder in the default dark, light and HC themes

describe('tile header colours', () => {
  for (const colour of SESSION_COLORS) {
    it(`session colour ${colour}: its header text reads at 4.5:1 (WCAG AA), and it is neither the agent's nor the focus colour`, () => {
      const ink = readableInk(rgb(colour));
      assert.ok(contrastRatio(rgb(colour), rgb(ink)) >= 4.5, `${ink} on ${colour}: ${contrastRatio(rgb(colour), rgb(ink)).toFixed(2)}:1`);
      assert.ok(distance(colour, AGENT_ORANGE) >= 80, `${colour} is too close to the agent's orange`);
      for (const blue of FOCUS_BLUES) {
        assert.ok(distance(colour, blue) >= 80, `${colour} is too close to the focus blue ${blue}`);
      }
    });
  }

  it("the agent badge's text reads on the agent's orange (white was 2.9:1)", () => {
    const ink = readableInk(rgb(AGENT_ORANGE));
    assert.ok(contrastRatio(rgb(AGENT_ORANGE), rgb(ink)) >= 4.5, `${ink}: ${contrastRatio(rgb(AGENT_ORANGE), rgb(ink)).toFixed(2)}:1`);
    assert.ok(contrastRatio(rgb(AGENT_ORANGE), [255, 255, 255]) < 3, 'the control: white on orange fails');
  });

  it('session colours are told apart from each other', () => {
    for (const [i, a] of SESSION_COLORS.entries()) {
      for (const b of SESSION_COLORS.slice(i + 1)) {
        assert.ok(distance(a, b) >= 50, `${a} and ${b}`);
      }
    }
  });
});
