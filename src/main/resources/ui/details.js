// The selected image: its IDs, names, size, containers, children and, in a fleet, its hosts.

import { el, humanSize, shortId } from './format.js';

function field(label, ...value) {
  return [el('dt', { text: label }), el('dd', {}, ...value)];
}

function list(items, empty) {
  return items.length ? el('ul', {}, items.map((item) => el('li', {}, item)))
    : el('span', { class: 'none', text: empty });
}

/** Renders image `n` into `container`; `hosts` are its fleet hosts (empty alone). */
export function showDetails(container, n, hosts) {
  if (!n) {
    container.replaceChildren(el('p', { class: 'empty', text: 'select an image' }));
    return;
  }
  const created = typeof n.created === 'number' ? new Date(n.created * 1000) : new Date(n.created);
  container.replaceChildren(el('dl', {},
    field('ID', el('code', { id: 'selected-id', text: n.id })),
    field('Parent', n.parent ? el('code', { text: shortId(n.parent.id) }) : 'none'),
    field('Created', created.toLocaleString()),
    field('Size', humanSize(n.size)),
    field('Tags', list(n.tags, '<none>')),
    field('Digests', list(n.digests, 'none')),
    field('Containers', list(n.containers.map((c) => `${c.name || shortId(c.id)} (${c.state})`), 'none')),
    field('Children', `${n.children.length} (${n.descendants} below)`),
    hosts.length ? field('Hosts', list(hosts.map((h) => `${h.Host}: ${h.RepoTags.join(', ')
      || '<none>'}${h.Containers.length ? `, ${h.Containers.length} containers` : ''}`), '')) : []));
}
