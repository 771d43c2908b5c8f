// The selected image's chain drawn in SVG: its ancestors from the root, the image, and its
// first children. Boxes take the marks of a preview (what would be deleted, what blocks).

import { chainOf } from './forest.js';
import { shortId } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const BOX = { w: 260, h: 34, gap: 14 };
const CHILDREN_SHOWN = 6;
const ANCESTORS_SHOWN = 8;

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function label(n) {
  const name = n.tags[0] || (n.digests[0] ? n.digests[0].replace(/@.*/, '@…') : '<none>');
  const extra = n.tags.length > 1 ? ` +${n.tags.length - 1}` : '';
  return `${shortId(n.id)}  ${name}${extra}`;
}

/**
 * Draws `n`'s chain into `container`; `marks` maps image IDs to a class; clicking a box calls
 * `onSelect` with its ID.
 */
export function drawChain(container, n, marks, onSelect) {
  if (!n) {
    container.replaceChildren();
    return;
  }
  const whole = chainOf(n);
  // A deep chain shows its root and the ancestors nearest the image.
  const chain = whole.length > ANCESTORS_SHOWN + 1
    ? [whole[0], ...whole.slice(-ANCESTORS_SHOWN)] : whole;
  const skipped = whole.length - chain.length;
  const children = n.children.slice(0, CHILDREN_SHOWN);
  const boxes = [...chain.map((c) => [c, 0]), ...children.map((c) => [c, 1])];
  const step = BOX.h + BOX.gap;
  const more = n.children.length - children.length;
  const height = boxes.length * step + (more > 0 ? 20 : 0);
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height,
    role: 'img', 'aria-label': 'image chain' });
  boxes.forEach(([image, indent], i) => {
    const x = 4 + indent * 30;
    const y = i * step + 2;
    if (i > 0) {
      const from = (indent ? chain.length - 1 : i - 1) * step + 2 + BOX.h;
      root.append(svg('path', { class: 'edge',
        d: indent ? `M 18 ${from} V ${y + BOX.h / 2} H ${x}` : `M 18 ${from} V ${y}` }));
    }
    const g = svg('g', { class: `box ${marks.get(image.id) || ''} ${image === n ? 'current' : ''}`,
      'data-id': image.id, tabindex: 0 });
    g.append(svg('rect', { x, y, width: BOX.w - indent * 30, height: BOX.h, rx: 5 }));
    g.append(svg('text', { x: x + 8, y: y + 21 }, label(image)));
    g.append(svg('title', {}, image.id));
    if (i === 1 && skipped > 0) {
      root.append(svg('text', { class: 'more', x: 34, y: y - BOX.gap / 2 + 4 },
        `… ${skipped} more ancestors`));
    }
    g.addEventListener('click', () => onSelect(image.id));
    root.append(g);
  });
  if (more > 0) {
    root.append(svg('text', { class: 'more', x: 34, y: height - 4 }, `… ${more} more children`));
  }
  container.replaceChildren(root);
}
