// What the knowledge base holds: each ingested doc version, its guidelines and pages, and when its
// pages last changed.
import { href, versions } from '../api.ts';
import { ErrorNote, Loading } from '../components/common.tsx';
import { useLoad, useTitle } from '../hooks.ts';

const when = (iso: string | null | undefined) => {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
};

export function VersionsPage() {
  useTitle('Versions');
  const known = useLoad('versions', versions);
  return (
    <>
      <h1 tabIndex={-1}>Ingested versions</h1>
      <p class="lead">
        The Istio documentation versions in this knowledge base, newest first. A lookup without a version uses the newest version that has the
        guideline; diagnose judges by the semantics of the version you pick.
      </p>
      {known.state === 'loading' && <Loading what="the versions" />}
      {known.state === 'error' && <ErrorNote error={known.error} />}
      {known.state === 'done' &&
        (known.data.versions.length === 0 ? (
          <p>
            Nothing is ingested yet. Run <code>npm run ingest -- &lt;pages&gt;</code>.
          </p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Ingested versions</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col" class="num">
                    Guidelines
                  </th>
                  <th scope="col" class="num">
                    Pages
                  </th>
                  <th scope="col">Last ingested</th>
                </tr>
              </thead>
              <tbody>
                {known.data.versions.map((v) => (
                  <tr key={v.name}>
                    <th scope="row">
                      <a href={href.search('', v.name)}>{v.name}</a> {v.isLatest && <span class="badge">latest</span>}
                    </th>
                    <td class="num">{v.entryCount}</td>
                    <td class="num">{v.pageCount ?? '—'}</td>
                    <td>{when(v.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}
