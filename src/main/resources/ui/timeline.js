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

/** Offsets asked for at once: a browser opens six connections to one origin. */
const FAN_OUT = 6;

/**
 * The offset of the log's last record, found by asking which of several offsets have a record
 * after them, in parallel (an unfiltered page's read starts at `after`): first on a ladder of
 * growing offsets, then across the bracket found, a sixth of it per round. Offsets grow by one
 * per record, so a log of 100,000 records takes about eight rounds.
 */
async function lastOffset() {
  const any = async (after) => (await api.history({ after, limit: 1 })).records.length > 0;
  const ladder = [0, ...Array.from({ length: 11 }, (_, i) => 1024 * 4 ** i)];
  const found = await Promise.all(ladder.map(any));
  if (!found[0]) return 0;
  const rung = found.lastIndexOf(true);
  let low = ladder[rung];
  let high = ladder[rung + 1] ?? Number.MAX_SAFE_INTEGER;
  while (high - low > 1) {
    const step = Math.ceil((high - low) / FAN_OUT);
    const points = [];
    for (let at = low + step; at < high; at += step) points.push(at);
    const answers = await Promise.all(points.map(any));
    const last = answers.lastIndexOf(true);
    if (last >= 0) low = points[last];
    if (last + 1 < points.length) high = points[last + 1];
  }
  return high;
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
   * Reads with the form's filters, then follows: from the start when filtered, else only the
   * last records (a log holds several records per image: reading it all to show its end
   * would take long).
   */
  async restart() {
    const generation = ++this.generation;
    const started = performance.now();
    this.records = [];
    this.next = 0;
    this.loaded = true;
    // Kept: the polls that follow read with these, not with whatever the form holds by then.
    const filters = this.applied = this.filters();
    if (Object.values(filters).every((value) => !value)) {
      try {
        this.next = Math.max(0, (await lastOffset()) - KEPT);
      } catch {
        // fetch says what failed
      }
    }
    if (generation !== this.generation) return;
    await this.fetch(generation);
    window.imagesagaTimings.timelineMs = performance.now() - started;
  }

  /** Starts once, when the timeline is first shown. */
  start() {
    if (!this.loaded) this.restart();
  }

  async fetch(generation) {
    clearTimeout(this.timer);
    const asked = performance.now();
    try {
      let grew = false;
      for (;;) {
        const page = await api.history({ ...this.applied, after: this.next, limit: PAGE });
        if (generation !== this.generation) return;
        const fresh = page.records.filter((r) => r.offset > this.next);
        this.records = this.records.concat(fresh).slice(-KEPT);
        grew = grew || fresh.length > 0;
        this.next = Math.max(this.next, page.next);
        if (page.records.length < PAGE) break;
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
