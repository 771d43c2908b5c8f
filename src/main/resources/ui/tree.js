// The forest as an expandable tree of parent → children. Only expanded subtrees are walked and
// at most `limit` rows are rendered ("show more" raises it), so 10,000 images cost what the
// visible rows cost. Rows carry `data-id`; one listener on the container serves them all.

import { el, humanSize, shortId } from './format.js';

const PAGE = 250;
/** Up to this many images every subtree starts expanded; above it, every one collapsed. */
const EXPAND_ALL_UP_TO = 300;

export class TreeView {
  constructor(container, { onSelect }) {
    this.container = container;
    this.onSelect = onSelect;
    this.forest = { nodes: new Map(), roots: [] };
    this.expanded = new Set();
    this.found = null;
    this.marks = new Map();
    this.selected = null;
    this.limit = PAGE;
    container.addEventListener('click', (event) => this.clicked(event));
    container.addEventListener('keydown', (event) => this.pressed(event));
  }

  setForest(forest) {
    this.forest = forest;
    const keep = new Set([...this.expanded].filter((id) => forest.nodes.has(id)));
    this.expanded = forest.nodes.size <= EXPAND_ALL_UP_TO && this.expanded.size === 0
      ? new Set([...forest.nodes.values()].filter((n) => n.children.length).map((n) => n.id))
      : keep;
    this.limit = PAGE;
    this.render();
  }

  /** Shows only the search's matches and their ancestors (null: everything). */
  setFound(found) {
    this.found = found;
    this.limit = PAGE;
    this.render();
  }

  /** CSS classes per image ID (`blocker`, `deleted`, ...), replacing the previous ones. */
  setMarks(marks) {
    this.marks = marks;
    this.render();
  }

  /** Selects the image, expanding its ancestors so that its row is shown. */
  select(id) {
    const n = this.forest.nodes.get(id);
    this.selected = n ? id : null;
    for (let up = n && n.parent; up; up = up.parent) this.expanded.add(up.id);
    const focused = this.container.contains(document.activeElement);
    this.render();
    const row = this.container.querySelector('.row.selected');
    if (row) row.scrollIntoView({ block: 'nearest' });
    if (row && focused) row.focus();
  }

  isOpen(n) {
    return this.found ? true : this.expanded.has(n.id);
  }

  /** The rows to show, depth first, at most `limit`; `more` when some were left out. */
  rows() {
    const rows = [];
    const shown = this.found && this.found.shown;
    const stack = [];
    const push = (list, depth) => {
      for (let i = list.length - 1; i >= 0; i--) {
        if (!shown || shown.has(list[i])) stack.push([list[i], depth]);
      }
    };
    push(this.forest.roots, 0);
    while (stack.length) {
      if (rows.length >= this.limit) return { rows, more: true };
      const [n, depth] = stack.pop();
      rows.push([n, depth]);
      if (n.children.length && this.isOpen(n)) push(n.children, depth + 1);
    }
    return { rows, more: false };
  }

  render() {
    const { rows, more } = this.rows();
    const fragment = document.createDocumentFragment();
    for (const [n, depth] of rows) fragment.append(this.row(n, depth));
    if (more) {
      fragment.append(el('button', { class: 'more', type: 'button', data: { action: 'more' },
        text: `show ${PAGE} more` }));
    }
    if (!rows.length) {
      fragment.append(el('p', { class: 'empty', text: this.found ? 'no image matches' : 'no images' }));
    }
    this.container.replaceChildren(fragment);
  }

  row(n, depth) {
    const classes = ['row'];
    if (n.id === this.selected) classes.push('selected');
    if (this.found && this.found.matches.has(n)) classes.push('match');
    if (this.marks.has(n.id)) classes.push(this.marks.get(n.id));
    const open = this.isOpen(n);
    const toggle = n.children.length
      ? el('button', { class: 'toggle', type: 'button', data: { action: 'toggle' },
        'aria-label': open ? 'collapse' : 'expand', text: open ? '▾' : '▸' })
      : el('span', { class: 'toggle' });
    return el('div', { class: classes.join(' '), data: { id: n.id }, role: 'treeitem', tabindex: 0,
      'aria-expanded': n.children.length ? String(open) : null,
      style: { paddingLeft: `${Math.min(depth, 30) * 16}px` } },
    toggle,
    el('code', { class: 'id', title: n.id, text: shortId(n.id) }),
    n.tags.map((tag) => el('span', { class: 'tag', text: tag })),
    n.digests.length ? el('span', { class: 'digest', title: n.digests.join('\n'),
      text: `${n.digests.length} digest${n.digests.length > 1 ? 's' : ''}` }) : null,
    n.dangling ? el('span', { class: 'badge dangling', text: 'dangling' })
      : n.untagged ? el('span', { class: 'badge untagged', text: 'untagged' }) : null,
    n.containers.map((c) => el('span', { class: `ctr ${c.running ? 'running' : 'stopped'} ${this.marks.get(c.id) || ''}`,
      data: { state: c.state, container: c.id }, title: `${c.id}\n${c.state}`,
      text: c.name || shortId(c.id) })),
    !open && n.descendants ? el('span', { class: 'count', text: `+${n.descendants}` }) : null,
    el('span', { class: 'size', text: humanSize(n.size) }));
  }

  /** Enter selects the focused row; the right and left arrows expand and collapse it. */
  pressed(event) {
    const row = event.target.closest('.row');
    if (!row) return;
    const { id } = row.dataset;
    const open = event.key === 'ArrowRight';
    if (event.key === 'Enter') {
      this.onSelect(id);
    } else if ((open || event.key === 'ArrowLeft') && this.expanded.has(id) !== open) {
      if (open) this.expanded.add(id);
      else this.expanded.delete(id);
      this.render();
      const again = this.container.querySelector(`.row[data-id="${CSS.escape(id)}"]`);
      if (again) again.focus();
    }
  }

  clicked(event) {
    const action = event.target.dataset.action;
    if (action === 'more') {
      this.limit += PAGE;
      this.render();
      return;
    }
    const row = event.target.closest('.row');
    if (!row) return;
    const { id } = row.dataset;
    if (action === 'toggle') {
      if (this.expanded.has(id)) this.expanded.delete(id);
      else this.expanded.add(id);
      this.render();
      return;
    }
    this.onSelect(id);
  }
}
