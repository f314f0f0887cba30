// Shareable URLs under /app/: the path names the page, the query string its options.
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/app/';

const listeners = new Set();

function current() {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '';
  return {
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(location.search),
  };
}

/** Go to an app path such as `person/donald-peurach` (adds a history entry). */
export function navigate(path, { replace = false } = {}) {
  const url = BASE + path.replace(/^\/+/, '');
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.scrollTo(0, 0);
  listeners.forEach((listener) => listener());
}

/** The current route; re-renders the caller when it changes. */
export function useRoute() {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** Follow same-app links without reloading the page (modifier keys keep the browser's way). */
export function interceptLinks(root) {
  root.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[href]');
    if (
      !link ||
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      link.target
    ) {
      return;
    }
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
    event.preventDefault();
    navigate(url.pathname.slice(BASE.length) + url.search);
  });
}
