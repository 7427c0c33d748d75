// The parts of Konva the canvas draws with: the core and four shapes, so the rest stays out of the bundle.
import 'konva/lib/Core';

export { Stage } from 'konva/lib/Stage';
export { Layer } from 'konva/lib/Layer';
export { Group } from 'konva/lib/Group';
export { Shape } from 'konva/lib/Shape';
export { Rect as RectShape } from 'konva/lib/shapes/Rect';
export { Text as TextShape } from 'konva/lib/shapes/Text';
export { Image as ImageShape } from 'konva/lib/shapes/Image';
