// The image graph as a forest: every image has at most one parent. Built once per load, in
// memory; the views walk it and render only what is expanded.

function container(c) {
  const name = (c.Names && c.Names[0]) || c.Name || '';
  return {
    id: c.Id,
    name: name.replace(/^\//, ''),
    state: c.State,
    running: c.State === 'running',
  };
}

function node(image) {
  const tags = image.RepoTags || [];
  return {
    id: image.Id,
    parentId: image.ParentId || '',
    tags,
    digests: image.RepoDigests || [],
    size: image.Size,
    created: image.Created,
    containers: [],
    children: [],
    parent: null,
    descendants: 0,
    key: (tags[0] || '\uffff' + image.Id).toLowerCase(),
  };
}

const byKey = (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The forest of `images` (`/images/json?all=1` shape) with `containers` (`/containers/json`
 * shape, or the `Name`/`State` of `audit at`) on the images they use. Dangling: no tag and no
 * child (what `docker image prune` removes); untagged: no tag.
 */
export function buildForest(images, containers) {
  const nodes = new Map();
  for (const image of images) nodes.set(image.Id, node(image));
  for (const c of containers) {
    const n = nodes.get(c.ImageID);
    if (n) n.containers.push(container(c));
  }
  const roots = [];
  for (const n of nodes.values()) {
    const parent = n.parentId && nodes.get(n.parentId);
    if (parent) {
      n.parent = parent;
      parent.children.push(n);
    } else {
      roots.push(n);
    }
  }
  roots.sort(byKey);
  for (const n of nodes.values()) {
    if (n.children.length > 1) n.children.sort(byKey);
    n.untagged = n.tags.length === 0;
    n.dangling = n.untagged && n.children.length === 0;
    n.text = [n.id, ...n.tags, ...n.digests, ...n.containers.flatMap((c) => [c.id, c.name])]
      .join(' ').toLowerCase();
  }
  countDescendants(roots);
  return { nodes, roots, containers: containers.length };
}

/** Each image's number of images below it, children before parents: linear in a deep chain. */
function countDescendants(roots) {
  const order = [];
  const stack = [...roots];
  while (stack.length) {
    const n = stack.pop();
    order.push(n);
    for (const child of n.children) stack.push(child);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i];
    if (n.parent) n.parent.descendants += n.descendants + 1;
  }
}

/** The chain from the root down to `n`. */
export function chainOf(n) {
  const chain = [];
  for (let at = n; at; at = at.parent) chain.push(at);
  return chain.reverse();
}

/**
 * The images whose ID, tag, digest or container (ID or name) contains `text` (any case; an ID
 * also matches without `sha256:`), and the ancestors that lead to them.
 */
export function search(forest, text) {
  const needle = text.trim().toLowerCase();
  if (!needle) return null;
  const matches = new Set();
  const shown = new Set();
  for (const n of forest.nodes.values()) {
    if (n.text.includes(needle)) {
      matches.add(n);
      for (let at = n; at && !shown.has(at); at = at.parent) shown.add(at);
    }
  }
  return { matches, shown };
}
