// The audit timeline: the journal's records through `GET /imagesaga/audit/history`, filtered by
// image, reference, client and time, newest first, followed live by polling after the last
// offset. Each record can open the catalog as it was when it was written.

import { api } from './api.js';
import { el, instantOf, localTime } from './format.js';

const PAGE = 1000;
const KEPT = 500;
const POLL_MS = 2000;

/** Who asked, from a request's start or a refusal (its event's `provenance`), or empty. */
export function whoAsked(record) {
  const event = record.event || {};
  const p = event.provenance || (event.last && event.last.provenance);
  if (!p || (!p.remoteAddress && !p.requestId)) return '';
  if (!p.remoteAddress) return `the node (${p.requestId})`;
  return [p.remoteAddress, p.client ? `as ${p.client}` : '', p.userAgent ? `"${p.userAgent}"` : '']
    .filter(Boolean).join(' ');
}

export class Timeline {
  /** `onMoment(time)` shows the catalog at a record's time; `onNews()` says the log grew. */
  constructor(form, list, status, { onMoment, onNews }) {
    this.form = form;
    this.list = list;
    this.status = status;
    this.onMoment = onMoment;
    this.onNews = onNews;
    this.records = [];
    this.next = 0;
    /** The filters of the last Apply, which every poll reads with. */
    this.applied = {};
    this.generation = 0;
    this.timer = null;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.restart();
    });
    form.elements.live.addEventListener('change', () => this.schedule());
  }

  filters() {
    const f = this.form.elements;
    return { image: f.image.value.trim(), reference: f.reference.value.trim(),
      client: f.client.value.trim(), since: instantOf(f.since.value), until: instantOf(f.until.value) };
  }

  /**
   * Reads the last records that fit the form's filters (`last=`: the node keeps only those
   * while it reads), then follows from the last one.
   */
  async restart() {
    const generation = ++this.generation;
    const started = performance.now();
    this.records = [];
    this.next = 0;
    this.loaded = true;
    // Kept: the polls that follow read with these, not with whatever the form holds by then.
    this.applied = this.filters();
    await this.fetch(generation, { last: KEPT });
    window.imagesagaTimings.timelineMs = performance.now() - started;
  }

  /** Starts once, when the timeline is first shown. */
  start() {
    if (!this.loaded) this.restart();
  }

  /** Reads what was written after `next`, `first` asking for the first page (default: `limit`). */
  async fetch(generation, first = { limit: PAGE }) {
    clearTimeout(this.timer);
    const asked = performance.now();
    try {
      let grew = false;
      for (let window = first; ; window = { limit: PAGE }) {
        const page = await api.history({ ...this.applied, after: this.next, ...window });
        if (generation !== this.generation) return;
        const fresh = page.records.filter((r) => r.offset > this.next);
        this.records = this.records.concat(fresh).slice(-KEPT);
        grew = grew || fresh.length > 0;
        this.next = Math.max(this.next, page.next);
        if (window.last || page.records.length < PAGE) break;
      }
      if (grew) {
        this.render();
        this.onNews();
      } else if (!this.list.childElementCount) {
        this.render();
      }
      this.status.textContent = `${this.records.length} records shown, up to offset ${this.next}`;
    } catch (error) {
      if (generation !== this.generation) return;
      this.status.textContent = `the node did not answer the history: ${error.message}`;
    }
    this.took = performance.now() - asked;
    this.schedule();
  }

  /**
   * The next poll, while live: after `POLL_MS`, or four times what the last one took, as a
   * filtered history replays the whole log on the node each time.
   */
  schedule() {
    clearTimeout(this.timer);
    if (this.loaded && this.form.elements.live.checked) {
      const generation = this.generation;
      this.timer = setTimeout(() => this.fetch(generation), Math.max(POLL_MS, 4 * (this.took || 0)));
    }
  }

  render() {
    const rows = this.records.slice().reverse().map((record) => this.row(record));
    this.list.replaceChildren(...(rows.length ? rows
      : [el('tr', {}, el('td', { colspan: 5, class: 'empty', text: 'no records' }))]));
  }

  row(record) {
    const time = record.written || record.time;
    return el('tr', { data: { offset: String(record.offset), type: record.type } },
      el('td', {}, el('button', { type: 'button', class: 'link', title: 'the catalog at this moment',
        text: localTime(time), on: { click: () => this.onMoment(time) } })),
      el('td', { class: 'type', text: record.type }),
      el('td', { class: 'entity', title: record.persistenceId, text: record.persistenceId }),
      el('td', { class: 'summary', text: record.summary || '' }),
      el('td', { class: 'who', text: whoAsked(record) }));
  }
}
