// The fleet view (docs/fleet.md): which hosts hold each image, from
// `GET /imagesaga/fleet/images`. Shown only when the node is in a fleet.

import { api } from './api.js';
import { el, humanSize, shortId } from './format.js';

const ROWS = 300;

function hostCell(host) {
  const running = host.Containers.filter((c) => c.Running).length;
  const stopped = host.Containers.length - running;
  return el('span', { class: 'host', data: { host: host.Host },
    title: [...host.RepoTags, ...host.RepoDigests].join('\n') || '<none>' },
  host.Host,
  running ? el('span', { class: 'ctr running', text: `${running} running` }) : null,
  stopped ? el('span', { class: 'ctr stopped', text: `${stopped} stopped` }) : null);
}

export class FleetView {
  constructor(table, status, search) {
    this.table = table;
    this.status = status;
    this.search = search;
    this.byImage = new Map();
    search.addEventListener('input', () => this.render());
  }

  /** True when the node is in a fleet (`/imagesaga/ready` names it). */
  static async inFleet() {
    try {
      return Boolean((await api.ready()).Fleet);
    } catch {
      return false;
    }
  }

  async load() {
    try {
      const answer = await api.fleetImages();
      this.images = answer.Images || [];
      this.byImage = new Map(this.images.map((image) => [image.Id, image.Hosts]));
      const hosts = answer.Hosts || [];
      this.status.replaceChildren(...hosts.map((h) => el('span', {
        class: `host-status ${h.Status}`, text: `${h.Host}: ${h.Status}` })));
      this.render();
    } catch (error) {
      this.status.textContent = `the fleet did not answer: ${error.message}`;
    }
    this.loads = (this.loads || 0) + 1;
    this.table.dataset.loads = String(this.loads);
  }

  /** The hosts that hold image `id`, as the last load saw them. */
  hostsOf(id) {
    return this.byImage.get(id) || [];
  }

  render() {
    const needle = this.search.value.trim().toLowerCase();
    const rows = [];
    for (const image of this.images || []) {
      const names = image.Hosts.flatMap((h) => h.RepoTags);
      if (needle && !(image.Id + ' ' + names.join(' ')).toLowerCase().includes(needle)) continue;
      if (rows.length === ROWS) break;
      rows.push(el('tr', { data: { id: image.Id } },
        el('td', {}, el('code', { title: image.Id, text: shortId(image.Id) })),
        el('td', { text: [...new Set(names)].join(', ') || '<none>' }),
        el('td', { text: humanSize(image.Hosts[0] ? image.Hosts[0].Size : 0) }),
        el('td', {}, image.Hosts.map(hostCell))));
    }
    this.table.replaceChildren(...rows);
  }
}
