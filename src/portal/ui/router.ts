// A small History-API router: the URL is the state (shareable links, the back button), internal
// links navigate without a reload, and a page change moves focus to the new page's heading.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'search'; q: string; version: string | null }
  | { name: 'entry'; slug: string; version: string | null }
  | { name: 'compare'; slug: string; from: string | null; to: string | null }
  | { name: 'diagnose' }
  | { name: 'rules' }
  | { name: 'versions' }
  | { name: 'not-found'; path: string };

const NAVIGATED = 'istio-kb:navigate';

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function match(url: URL): Route {
  const p = url.pathname.replace(/\/+$/, '') || '/';
  const q = url.searchParams;
  if (p === '/' || p === '/search') return { name: 'search', q: q.get('q') ?? '', version: q.get('version') || null };
  if (p === '/diagnose') return { name: 'diagnose' };
  if (p === '/rules') return { name: 'rules' };
  if (p === '/versions') return { name: 'versions' };
  const compare = /^\/entries\/([^/]+)\/compare$/.exec(p);
  if (compare?.[1]) return { name: 'compare', slug: decode(compare[1]), from: q.get('from') || null, to: q.get('to') || null };
  const entry = /^\/entries\/([^/]+)$/.exec(p);
  if (entry?.[1]) return { name: 'entry', slug: decode(entry[1]), version: q.get('version') || null };
  return { name: 'not-found', path: p };
}

/** Paths the portal renders itself; anything else (API, docs, GraphiQL) is a normal page load. */
export function isPortalPath(pathname: string): boolean {
  return match(new URL(pathname, location.origin)).name !== 'not-found';
}

/** What the portal keeps in history.state: whether the entry was made by typing (see search). */
export interface EntryState {
  readonly typing?: boolean;
}

export function currentState(): EntryState {
  return (history.state as EntryState | null) ?? {};
}

export function navigate(to: string, options: { replace?: boolean; state?: EntryState } = {}): void {
  const url = new URL(to, location.href);
  const state = options.state ?? {};
  if (url.href === location.href) {
    // Same URL: only the entry's state may change (a typed query committed with Enter).
    if (currentState().typing !== state.typing) history.replaceState(state, '', url);
    return;
  }
  if (options.replace) history.replaceState(state, '', url);
  else history.pushState(state, '', url);
  dispatchEvent(new Event(NAVIGATED));
}

/** The current URL, re-rendering on navigation and on the back/forward buttons. */
export function useUrl(): URL {
  const [url, setUrl] = useState(() => new URL(location.href));
  useEffect(() => {
    const update = () => setUrl(new URL(location.href));
    addEventListener('popstate', update);
    addEventListener(NAVIGATED, update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener(NAVIGATED, update);
    };
  }, []);
  return url;
}

/** Internal links navigate in place; modified clicks, downloads and other targets behave as usual. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = (event.target as Element | null)?.closest?.('a');
    if (!a || a.hasAttribute('download') || (a.target && a.target !== '_self')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !isPortalPath(url.pathname)) return;
    // Same page, another anchor: the browser scrolls there (and :target applies) without a reload.
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    event.preventDefault();
    navigate(url.href);
  });
}
