// Small helpers shared by the page's modules: element building, IDs, sizes, times.

/**
 * An element with attributes and children. `text` sets textContent (never HTML: names come
 * from clients), `data` the dataset, `style` style properties, `on` event listeners; other
 * keys are attributes.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else if (key === 'data') Object.assign(node.dataset, value);
    else if (key === 'style') Object.assign(node.style, value); // CSSOM: the CSP allows no inline style
    else if (key === 'on') for (const [event, fn] of Object.entries(value)) node.addEventListener(event, fn);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

/** The 12 hex digits docker prints for an image or container ID. */
export function shortId(id) {
  return String(id || '').replace(/^sha256:/, '').slice(0, 12);
}

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** A size as `docker images` prints it: decimal units, three significant digits. */
export function humanSize(bytes) {
  let size = Number(bytes) || 0;
  let unit = 0;
  while (size >= 1000 && unit < UNITS.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${Number(size.toPrecision(3))}${UNITS[unit]}`;
}

/** `fn`, called once `ms` after the last of a burst of calls. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** An ISO-8601 instant as local date and time, to the second. */
export function localTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

/** `<input type="datetime-local">`'s value as an ISO-8601 instant, empty if blank. */
export function instantOf(localValue) {
  if (!localValue) return '';
  const date = new Date(localValue);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
