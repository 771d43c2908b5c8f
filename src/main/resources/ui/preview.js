// What `docker rmi` would do with the selected image or one of its names, with and without
// `-f` and `--no-prune`: the node's dry run (`DELETE /images/{name}?dryrun=1`), which changes
// and journals nothing. A 409's blockers, and the images a delete would remove, are marked on
// the graph.

import { api } from './api.js';
import { el, shortId } from './format.js';

const VARIANTS = [
  { label: 'docker rmi', force: false, noprune: false },
  { label: 'docker rmi -f', force: true, noprune: false },
  { label: 'docker rmi --no-prune', force: false, noprune: true },
  { label: 'docker rmi -f --no-prune', force: true, noprune: true },
];

/** A record of the answer as the docker CLI prints it. */
export function recordLine(record) {
  return record.Untagged !== undefined ? `Untagged: ${record.Untagged}` : `Deleted: ${record.Deleted}`;
}

/** Image and container IDs the answer touches, with the class that marks them. */
function marksOf(result, target) {
  const marks = new Map();
  if (result.status === 200 && Array.isArray(result.body)) {
    for (const record of result.body) if (record.Deleted) marks.set(record.Deleted, 'deleted');
    if (!marks.has(target.id)) marks.set(target.id, 'untagged-only');
  } else if (result.status === 409) {
    marks.set(target.id, 'conflict');
    const blockers = (result.body && result.body.blockers) || {};
    for (const child of blockers.children || []) marks.set(child, 'blocker');
    for (const c of blockers.containers || []) marks.set(c.id, 'blocker');
  }
  return marks;
}

export class Preview {
  /** `nodes()` gives the graph's images by ID; `onMarks(marks)` marks the graph. */
  constructor(container, { nodes, onMarks }) {
    this.container = container;
    this.nodes = nodes;
    this.onMarks = onMarks;
  }

  show(n) {
    this.target = n;
    this.onMarks(new Map());
    if (!n) {
      this.container.replaceChildren();
      return;
    }
    const names = el('select', { id: 'preview-name', 'aria-label': 'name to delete' },
      [...n.tags, ...n.digests, n.id].map((name) => el('option', { value: name, text: name })));
    const run = el('button', { id: 'preview-run', type: 'button', text: 'Preview delete',
      on: { click: () => this.run(names.value) } });
    this.names = names;
    this.results = el('div', { class: 'variants' });
    this.container.replaceChildren(el('div', { class: 'preview-form' }, names, run),
      this.results);
  }

  async run(name) {
    const target = this.target;
    this.names.value = name;
    this.results.replaceChildren(el('p', { class: 'pending', text: 'asking the node…' }));
    const answers = await Promise.all(VARIANTS.map((v) => api.dryRun(name, v)
      .catch((error) => ({ status: 0, body: { message: String(error) } }))));
    if (target !== this.target) return;
    const cards = answers.map((result, i) => this.card(name, VARIANTS[i], result, target));
    this.results.replaceChildren(...cards);
    this.pick(cards[0], answers[0], target);
    this.results.dataset.name = name;
    this.results.dataset.state = 'done';
  }

  pick(card, result, target) {
    for (const other of this.results.querySelectorAll('.variant')) other.classList.remove('picked');
    card.classList.add('picked');
    this.onMarks(marksOf(result, target));
  }

  card(name, variant, result, target) {
    const body = result.body || {};
    const card = el('div', { class: `variant status-${result.status}`, tabindex: 0,
      data: { force: String(variant.force), noprune: String(variant.noprune),
        status: String(result.status) } },
    el('h4', { title: name, text: `${variant.label} ${name.startsWith('sha256:') ? shortId(name) : name}` }),
    result.status === 200 ? this.records(body) : this.refusal(result.status, body));
    card.addEventListener('click', () => this.pick(card, result, target));
    return card;
  }

  records(records) {
    const nodes = this.nodes();
    return el('ol', { class: 'records' }, records.map((record) => el('li', {
      class: record.Untagged !== undefined ? 'untagged' : nodes.has(record.Deleted) ? 'image' : 'layer',
      text: recordLine(record) })));
  }

  refusal(status, body) {
    const blockers = body.blockers || {};
    const children = (blockers.children || []).map((id) => el('li', { class: 'blocker-image',
      text: `child image ${shortId(id)}` }));
    const containers = (blockers.containers || []).map((c) => el('li', {
      class: 'blocker-container', text: `${c.running ? 'running' : 'stopped'} container ${shortId(c.id)}` }));
    return el('div', { class: 'refusal' },
      el('p', { class: 'message' }, el('strong', { text: `${status || 'error'} ` }), body.message || ''),
      children.length || containers.length ? el('ul', { class: 'blockers' }, children, containers) : null);
  }
}
