// The node's API as the page calls it: same origin, so the node's TLS, permissions and browser
// guard apply to the page as to any client. The page reads and asks for dry runs; it never
// changes anything.

/** A non-2xx answer: its status and dockerd's `message`. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function answer(response) {
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { message: text };
  }
  return { status: response.status, body };
}

async function getJson(path) {
  const { status, body } = await answer(await fetch(path, { headers: { Accept: 'application/json' } }));
  if (status < 200 || status > 299) throw new ApiError(status, body);
  return body;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  return search.toString();
}

/** An image name as one path segment: names hold `/`, `:` and `@`. */
function imagePath(name) {
  return `/images/${encodeURIComponent(name)}`;
}

export const api = {
  images: () => getJson('/images/json?all=1'),
  containers: () => getJson('/containers/json?all=1'),
  ready: () => getJson('/imagesaga/ready'),
  fleetImages: () => getJson('/imagesaga/fleet/images?all=1'),
  history: (filters) => getJson(`/imagesaga/audit/history?${query(filters)}`),
  catalogAt: (time) => getJson(`/imagesaga/audit/at?${query({ time })}`),

  /**
   * What `docker rmi [-f] [--no-prune] name` would answer now, changing nothing: `{status,
   * body}`, the records (200) or dockerd's error with its `blockers` (409).
   */
  async dryRun(name, { force, noprune }) {
    const flags = query({ dryrun: 1, force: force ? 1 : 0, noprune: noprune ? 1 : 0 });
    return answer(await fetch(`${imagePath(name)}?${flags}`, { method: 'DELETE' }));
  },
};
