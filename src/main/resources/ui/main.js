// The web view's entry: loads the graph, wires search, selection, preview, timeline, catalog
// at a moment and fleet. Timings of the first render and of the last search are kept in
// `window.imagesagaTimings` (docs/ui.md, "Measuring again").

import { api } from './api.js';
import { drawChain } from './chain.js';
import { showDetails } from './details.js';
import { FleetView } from './fleet.js';
import { buildForest, search } from './forest.js';
import { debounce } from './format.js';
import { Preview } from './preview.js';
import { Timeline } from './timeline.js';
import { TreeView } from './tree.js';

const $ = (id) => document.getElementById(id);
const timings = { start: performance.now() };
window.imagesagaTimings = timings;

let forest = buildForest([], []);
let marks = new Map();
let fleet = null;

const tree = new TreeView($('tree'), { onSelect: select });
const preview = new Preview($('preview'), { nodes: () => forest.nodes, onMarks: setMarks });
const atTree = new TreeView($('at-tree'), { onSelect: () => {} });

function setMarks(next) {
  marks = next;
  tree.setMarks(marks);
  drawChain($('chain'), forest.nodes.get(tree.selected), marks, select);
}

function select(id) {
  tree.select(id);
  if (id) history.replaceState(null, '', `#image=${encodeURIComponent(id)}`);
  const n = forest.nodes.get(id);
  document.body.dataset.selected = id || '';
  refreshDetails();
  preview.show(n);
  drawChain($('chain'), n, marks, select);
}

function refreshDetails() {
  const n = forest.nodes.get(tree.selected);
  showDetails($('details'), n, fleet && n ? fleet.hostsOf(n.id) : []);
}

async function loadGraph() {
  $('graph-status').textContent = 'loading…';
  const fetched = performance.now();
  const [images, containers] = await Promise.all([api.images(), api.containers()]);
  const built = performance.now();
  forest = buildForest(images, containers);
  tree.setForest(forest);
  tree.setFound(search(forest, $('search').value));
  const selected = tree.selected && forest.nodes.has(tree.selected) ? tree.selected : null;
  if (selected) select(selected);
  else select(null);
  timings.fetchMs = built - fetched;
  timings.renderMs = performance.now() - built;
  timings.firstRenderMs = timings.firstRenderMs ?? performance.now() - timings.start;
  const dangling = [...forest.nodes.values()].filter((n) => n.dangling).length;
  $('graph-status').textContent = `${forest.nodes.size} images (${dangling} dangling),`
    + ` ${forest.containers} containers`;
  document.body.dataset.graph = 'ready';
}

const runSearch = debounce(() => {
  const t0 = performance.now();
  tree.setFound(search(forest, $('search').value));
  timings.searchMs = performance.now() - t0;
  document.body.dataset.searched = $('search').value;
}, 150);

const reloadSoon = debounce(() => loadGraph().catch(showError), 1000);

function showError(error) {
  $('graph-status').textContent = `the node did not answer: ${error.message}`;
}

async function showCatalogAt(time) {
  showTab('at');
  $('at-form').elements.time.value = time;
  $('at-status').textContent = 'replaying the journal…';
  try {
    const doc = await api.catalogAt(time);
    atTree.setForest(buildForest(doc.Images, doc.Containers));
    $('at-status').textContent = `${doc.Images.length} images and ${doc.Containers.length}`
      + ` containers at ${doc.At} (journal offset ${doc.Offset})`;
  } catch (error) {
    $('at-status').textContent = `the node did not answer: ${error.message}`;
  }
}

const timeline = new Timeline($('timeline-form'), $('timeline-rows'), $('timeline-status'),
  { onMoment: showCatalogAt, onNews: reloadSoon });

function showTab(name) {
  for (const tab of document.querySelectorAll('[role=tab]')) {
    const on = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', String(on));
    $(`panel-${tab.dataset.tab}`).hidden = !on;
  }
  if (name === 'timeline') timeline.start();
  if (name === 'fleet' && fleet) fleet.load();
}

for (const tab of document.querySelectorAll('[role=tab]')) {
  tab.addEventListener('click', () => showTab(tab.dataset.tab));
}
$('search').addEventListener('input', runSearch);
$('reload').addEventListener('click', () => loadGraph().catch(showError));
$('at-form').addEventListener('submit', (event) => {
  event.preventDefault();
  showCatalogAt(new Date($('at-form').elements.time.value || Date.now()).toISOString());
});

FleetView.inFleet().then((member) => {
  document.body.dataset.fleet = member ? 'yes' : 'no';
  if (!member) return;
  fleet = new FleetView($('fleet-rows'), $('fleet-status'), $('fleet-search'));
  $('tab-fleet').hidden = false;
  fleet.load().then(refreshDetails);
});
/**
 * `#image=<ID, ID prefix, tag or digest>` selects that image once the graph is loaded, and
 * `&preview` also runs the preview for that name: a link to an image, or to a delete's effect.
 */
function followLink() {
  const link = new URLSearchParams(location.hash.slice(1));
  const name = link.get('image');
  if (!name) return;
  const n = [...forest.nodes.values()].find((image) => image.id === name
    || image.id.startsWith(`sha256:${name}`) || image.tags.includes(name)
    || image.digests.includes(name));
  if (!n) return;
  select(n.id);
  if (link.has('preview')) preview.run(n.tags.includes(name) || n.digests.includes(name) ? name : n.id);
}

loadGraph().then(followLink).catch(showError);
