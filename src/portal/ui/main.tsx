// The ops portal: a header with the navigation, one page per route, a footer with the API links.
import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import './styles.css';
import { ComparePage } from './pages/compare.tsx';
import { DiagnosePage } from './pages/diagnose.tsx';
import { EntryPage } from './pages/entry.tsx';
import { RulesPage } from './pages/rules.tsx';
import { SearchPage } from './pages/search.tsx';
import { VersionsPage } from './pages/versions.tsx';
import { useTitle } from './hooks.ts';
import { interceptLinks, match, navigate, useUrl, type Route } from './router.ts';

const NAV: { path: string; label: string; routes: Route['name'][] }[] = [
  { path: '/', label: 'Search', routes: ['search', 'entry', 'compare'] },
  { path: '/diagnose', label: 'Diagnose', routes: ['diagnose'] },
  { path: '/rules', label: 'Rules', routes: ['rules'] },
  { path: '/versions', label: 'Versions', routes: ['versions'] },
];

/** GraphiQL is linked only when the server serves it (the server drops this meta tag otherwise). */
const graphiql = document.querySelector<HTMLMetaElement>('meta[name="istio-kb:graphiql"]')?.content ?? null;

function NotFound({ path }: { path: string }) {
  useTitle('Not found');
  return (
    <>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        There is no page at <code>{path}</code>. <a href="/">Search the guidelines</a> instead.
      </p>
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'search':
      return <SearchPage q={route.q} version={route.version} />;
    case 'entry':
      return <EntryPage slug={route.slug} version={route.version} />;
    case 'compare':
      return <ComparePage slug={route.slug} from={route.from} to={route.to} />;
    case 'diagnose':
      return <DiagnosePage />;
    case 'rules':
      return <RulesPage />;
    case 'versions':
      return <VersionsPage />;
    case 'not-found':
      return <NotFound path={route.path} />;
  }
}

/** Which page a route is, for focus: refining a search or switching a version is the same page. */
const pageOf = (route: Route) => (route.name === 'entry' || route.name === 'compare' ? `${route.name}:${route.slug}` : route.name);

function App() {
  const url = useUrl();
  const route = match(url);
  const page = pageOf(route);
  const previous = useRef<string | null>(null);
  const main = useRef<HTMLElement>(null);

  // After a navigation to another page, focus its heading (screen readers announce it, keyboard
  // users start there) once it has rendered; the first load leaves focus where the browser put it.
  useEffect(() => {
    if (previous.current !== null && previous.current !== page) {
      window.scrollTo(0, 0);
      const focus = (tries: number) => {
        const h1 = main.current?.querySelector<HTMLElement>('h1');
        if (h1) h1.focus({ preventScroll: true });
        else if (tries > 0) setTimeout(() => focus(tries - 1), 50);
      };
      focus(40);
    }
    previous.current = page;
  }, [page]);

  // "/" jumps to the search box from anywhere (not while typing in a field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      const box = document.getElementById('q');
      if (box) box.focus();
      else navigate('/');
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); main.current?.querySelector<HTMLElement>('h1')?.focus(); }}>
        Skip to content
      </a>
      <header class="site-header">
        <div class="wrap header-row">
          <a class="brand" href="/">
            <img src={document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? ''} alt="" width={24} height={24} />
            istio-kb
          </a>
          <nav aria-label="Main">
            <ul>
              {NAV.map((n) => (
                <li key={n.path}>
                  <a href={n.path} aria-current={n.routes.includes(route.name) ? 'page' : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" ref={main} class="wrap">
        <Page route={route} />
      </main>
      <footer class="site-footer">
        <div class="wrap">
          <p>
            Istio troubleshooting guidelines, by version. For programs: <a href="/api/v1/docs">REST API docs</a>
            {graphiql && (
              <>
                {' '}
                · <a href={graphiql}>GraphiQL</a>
              </>
            )}{' '}
            · <a href="/api/v1/openapi.json">OpenAPI</a>
          </p>
        </div>
      </footer>
    </>
  );
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  interceptLinks(root);
  render(<App />, root);
}
