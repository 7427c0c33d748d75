// A tile's header strip, drawn above its page area: back / forward / reload / record / pin / timeline, the address, the
// title, the controller badge and close. Its layout is a pure function so hit testing matches drawing exactly.
import { readableTextOn } from './colors';
import { CODICON_FONT, codicon } from './codicons';
import { Group, ImageShape, RectShape, TextShape } from './konva';
import type { TileInfo } from '../contract/protocol';
import type { Point, Rect } from './rect';
import { containsPoint } from './rect';
import type { Theme } from './theme';
import { HEADER_HEIGHT } from '../contract/limits';

const BUTTON_SIZE = 24;
const PADDING = 4;
const GAP = 6;
const FONT_SIZE = 12;
const CORNER_RADIUS = 6;
const ICON_SIZE = 16;

export type HeaderButton = 'back' | 'forward' | 'reload' | 'record' | 'pin' | 'timeline' | 'close';
export type HeaderPart = HeaderButton | 'address' | 'title' | 'badge';
/** What a click on the header does: a button, the address, or the badge (hand over / take back). */
export type HeaderAction = HeaderButton | 'address' | 'badge';
/** What a point in the header does: an action, else it drags the tile. */
export type HeaderTarget = HeaderAction | 'drag';

/** Narrower than this (in header units), the header keeps only the title, the badge and close. */
const COMPACT_BELOW = 360;

/**
 * Header-local rects of the header's parts, the header spanning y in [-HEADER_HEIGHT, 0) and x in
 * [0, width); a part a compact header leaves out has no width.
 */
export function headerLayout(width: number, badgeWidth: number): Record<HeaderPart, Rect> {
  const top = -HEADER_HEIGHT;
  const compact = width < COMPACT_BELOW;
  const box = (x: number, boxWidth: number, height: number): Rect => ({ x, y: top + (HEADER_HEIGHT - height) / 2, width: Math.max(0, boxWidth), height });
  const button = (index: number) => box(PADDING + index * BUTTON_SIZE, compact ? 0 : BUTTON_SIZE, BUTTON_SIZE);
  const close = box(width - PADDING - BUTTON_SIZE, BUTTON_SIZE, BUTTON_SIZE);
  const badge = box(close.x - GAP - badgeWidth, badgeWidth, 18);
  const flexibleLeft = compact ? PADDING + GAP : PADDING + 6 * BUTTON_SIZE + GAP;
  const flexible = Math.max(0, badge.x - GAP - flexibleLeft);
  const addressWidth = compact ? 0 : flexible < 160 ? flexible : Math.round(flexible * 0.6);
  const address = box(flexibleLeft, addressWidth, 22);
  const title = box(compact ? flexibleLeft : address.x + addressWidth + GAP, compact ? flexible : flexible - addressWidth - GAP, 22);
  return { back: button(0), forward: button(1), reload: button(2), record: button(3), pin: button(4), timeline: button(5), address, title, badge, close };
}

export function headerTargetAt(layout: Record<HeaderPart, Rect>, point: Point): HeaderTarget {
  const targets = ['back', 'forward', 'reload', 'record', 'pin', 'timeline', 'close', 'address', 'badge'] as const;
  return targets.find((part) => containsPoint(layout[part], point)) ?? 'drag';
}

function label(fontFamily: string, fontSize = FONT_SIZE): TextShape {
  return new TextShape({ fontFamily, fontSize, wrap: 'none', ellipsis: true, verticalAlign: 'middle', listening: false });
}

function glyph(character: string): TextShape {
  return new TextShape({ text: character, fontFamily: CODICON_FONT, fontSize: 16, align: 'center', verticalAlign: 'middle', listening: false });
}

export class TileHeader {
  readonly group = new Group({ listening: false });
  private readonly background = new RectShape({ cornerRadius: [CORNER_RADIUS, CORNER_RADIUS, 0, 0] });
  private readonly addressBox = new RectShape({ cornerRadius: 4 });
  private readonly address: TextShape;
  private readonly title: TextShape;
  private readonly icon = new ImageShape({ image: undefined, listening: false, width: ICON_SIZE, height: ICON_SIZE });
  /** The resource policy's mark as an icon, where its words would leave the title no room. */
  private readonly paceIcon = new TextShape({ fontFamily: CODICON_FONT, fontSize: ICON_SIZE - 2, width: ICON_SIZE, align: 'center', verticalAlign: 'middle', listening: false });
  private readonly badgeBox = new RectShape({ cornerRadius: 9 });
  private readonly badge: TextShape;
  private readonly buttons: Record<HeaderButton, TextShape> = {
    back: glyph(codicon.arrowLeft),
    forward: glyph(codicon.arrowRight),
    reload: glyph(codicon.refresh),
    record: glyph(codicon.record),
    pin: glyph(codicon.pin),
    timeline: glyph(codicon.history),
    close: glyph(codicon.close),
  };

  constructor(theme: Theme) {
    this.address = label(theme.fontFamily);
    this.title = label(theme.fontFamily);
    this.badge = label(theme.fontFamily, 11);
    this.group.add(this.background, this.addressBox, this.address, this.icon, this.paceIcon, this.title, this.badgeBox, this.badge, ...Object.values(this.buttons));
  }

  /** The title as drawn: its lines after Konva's ellipsis, so what the developer reads; the pace icon, if shown, as "[Slowed] ". */
  get titleShown(): string {
    const pace = (Object.keys(PACE_ICONS) as Pace[]).find((shown) => PACE_ICONS[shown] === this.paceIcon.text());
    const icon = this.paceIcon.visible() ? `[${pace}] ` : '';
    return icon + this.title.textArr.map((line) => line.text).join('\n');
  }

  /** Redraws the header for `info` at `width` world units; returns the layout used for hit testing. */
  update(info: TileInfo, width: number, theme: Theme, favicon: ImageBitmap | undefined): Record<HeaderPart, Rect> {
    const ink = readableTextOn(info.color);
    // The badge is also the control: while the agent holds the session it offers to take it back.
    const badgeText = info.controller === 'agent' ? `${info.holder ?? 'agent'} · take back` : info.controller;
    const agentHolds = info.controller === 'agent';
    // On the agent's colour the theme's badge ink may not read (white on orange is 2.9:1): pick one that does.
    this.badge.setAttrs({ text: badgeText, fill: agentHolds ? readableTextOn(theme.agentBackground) : theme.badgeForeground, align: 'center', fontFamily: theme.fontFamily });
    const layout = headerLayout(width, Math.ceil(this.badge.measureSize(badgeText).width) + 14);
    this.background.setAttrs({ x: 0, y: -HEADER_HEIGHT, width, height: HEADER_HEIGHT, fill: info.color });
    this.addressBox.setAttrs({ ...layout.address, fill: theme.addressBackground, visible: layout.address.width > 0 });
    this.address.setAttrs({ ...inset(layout.address, 8), text: info.pageless ? 'No page open' : info.url || 'about:blank', fill: ink, fontFamily: theme.fontFamily, visible: layout.address.width > 0 });
    const showIcon = favicon !== undefined && layout.title.width > 2 * ICON_SIZE;
    const iconRoom = showIcon ? ICON_SIZE + GAP : 0;
    this.icon.setAttrs({ image: favicon, visible: showIcon, x: layout.title.x, y: layout.title.y + (layout.title.height - ICON_SIZE) / 2 });
    this.title.setAttrs({ fontFamily: theme.fontFamily, fontStyle: 'bold', fill: ink }); // at full strength: any fading takes it below 4.5:1 on the brighter session colours
    // A recorded page says so where the eye lands first; then the policy's mark, in words while the title still fits beside them.
    const recording = info.recording ? '● REC  ' : '';
    const name = info.title || info.sessionLabel;
    const pace = paceOf(info);
    const worded = `${recording}${pace ? `${pace} · ` : ''}${name}`;
    const asIcon = pace !== undefined && this.title.measureSize(worded).width > layout.title.width - iconRoom && layout.title.width - iconRoom > 3 * ICON_SIZE;
    const paceRoom = asIcon ? ICON_SIZE + GAP / 2 : 0;
    this.paceIcon.setAttrs({ text: pace ? PACE_ICONS[pace] : '', visible: asIcon, fill: ink, x: layout.title.x + iconRoom, y: layout.title.y, height: layout.title.height });
    this.title.setAttrs({ ...layout.title, x: layout.title.x + iconRoom + paceRoom, width: layout.title.width - iconRoom - paceRoom, text: asIcon ? `${recording}${name}` : worded });
    this.badgeBox.setAttrs({ ...layout.badge, fill: agentHolds ? theme.agentBackground : theme.badgeBackground });
    this.badge.setAttrs(layout.badge);
    const enabled: Record<HeaderButton, boolean> = { back: info.canGoBack, forward: info.canGoForward, reload: !info.pageless, record: !info.pageless, pin: !info.pageless, timeline: !info.pageless, close: true };
    for (const [name, button] of Object.entries(this.buttons) as Array<[HeaderButton, TextShape]>) {
      button.setAttrs({ ...layout[name], fill: ink, opacity: enabled[name] ? 1 : 0.35, visible: layout[name].width > 0 });
    }
    // Record, or while recording Stop (in the header's ink: the session's colour may be any).
    this.buttons.record.text(info.recording ? codicon.stop : codicon.record);
    // Pinned, the pin shows filled: what a click would undo.
    this.buttons.pin.text(info.pinned ? codicon.pinned : codicon.pin);
    return layout;
  }
}

type Pace = 'Full speed' | 'Slowed' | 'Frozen' | 'Hibernated';

const PACE_ICONS: Record<Pace, string> = { 'Full speed': codicon.pinned, Slowed: codicon.dashboard, Frozen: codicon.eyeClosed, Hibernated: codicon.debugPause };

/** What the resource policy does to the page, where the title starts: why a tile's picture is slow or still. */
function paceOf(info: TileInfo): Pace | undefined {
  if (info.pinned) {
    return 'Full speed';
  }
  return info.pace === 'slowed' ? 'Slowed' : info.pace === 'frozen' ? 'Frozen' : info.pace === 'hibernated' ? 'Hibernated' : undefined;
}

/** The header's title in full, with what the policy does to the page: the tooltip over a title too narrow to read. */
export function headerTitleTooltip(info: TileInfo): string {
  const name = info.title || info.sessionLabel;
  switch (paceOf(info)) {
    case 'Full speed':
      return `${name}\nFull speed: pinned, it renders at full speed even when another tile has the keyboard`;
    case 'Slowed':
      return `${name}\nSlowed: another tile has the keyboard, so it renders only as often as its picture here needs`;
    case 'Frozen':
      return `${name}\nFrozen: out of view, its page waits, exactly as it was, until you look at it`;
    case 'Hibernated':
      return `${name}\nHibernated: its browser is closed to free memory; click the tile to wake it`;
    default:
      return name;
  }
}

function inset(rect: Rect, horizontal: number): Rect {
  return { x: rect.x + horizontal, y: rect.y, width: Math.max(0, rect.width - 2 * horizontal), height: rect.height };
}
