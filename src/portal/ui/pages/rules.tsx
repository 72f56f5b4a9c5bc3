// The rule catalogue: what each diagnose rule checks, its severity, kinds and versions, the
// guideline behind it, and its full documentation (docs/rules, bundled at build time).
import { api, href, type Rule } from '../api.ts';
import { ErrorNote, Loading, SeverityBadge } from '../components/common.tsx';
import { useLoad, useTitle } from '../hooks.ts';
import { inline, Markdown } from '../lib/markdown.tsx';
import { useEffect } from 'preact/hooks';

const range = (r: Rule) =>
  r.fromVersion && r.toVersion ? `Istio ${r.fromVersion} to ${r.toVersion}` : r.fromVersion ? `Istio ${r.fromVersion} and later` : r.toVersion ? `up to Istio ${r.toVersion}` : 'all versions';

/** The doc's own title line and summary line repeat what the card shows. */
const body = (doc: string) => doc.replace(/^# .*\n+/, '').replace(/^\*\*Severity:\*\*.*\n+/, '');

export function RulesPage() {
  useTitle('Rules');
  const rules = useLoad('rules', api.rules);
  const docs = useLoad('rule-docs', api.ruleDocs);
  // Arriving with #rule-id: scroll there once the list is rendered.
  useEffect(() => {
    if (rules.state === 'done' && location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [rules.state]);

  return (
    <>
      <h1 tabIndex={-1}>Diagnose rules</h1>
      <p class="lead">
        What <a href="/diagnose">Diagnose</a> checks. Each rule links to the guideline that explains the problem; suppress one on a resource
        with the annotation <code>istio-kb.io/ignore: "&lt;rule-id&gt;"</code>.
      </p>
      {rules.state === 'loading' && <Loading what="the rules" />}
      {rules.state === 'error' && <ErrorNote error={rules.error} />}
      {rules.state === 'done' && (
        <>
          <nav aria-label="Rules on this page" class="toc">
            <ul>
              {rules.data.rules.map((r) => (
                <li key={r.id}>
                  <a href={`#${r.id}`}>{r.id}</a>
                </li>
              ))}
            </ul>
          </nav>
          {rules.data.rules.map((r) => {
            const doc = docs.state === 'done' ? docs.data[r.id] : undefined;
            return (
              <section class="rule card" id={r.id} aria-labelledby={`${r.id}-title`} key={r.id}>
                <h2 id={`${r.id}-title`}>{r.title}</h2>
                <p class="meta">
                  <SeverityBadge severity={r.severity} /> <code>{r.id}</code> · {r.kinds.join(', ')} · {range(r)} ·{' '}
                  <a href={href.entry(r.entryKey)}>the guideline</a>
                </p>
                <p>{inline(r.description)}</p>
                {doc && (
                  <details>
                    <summary>
                      Documentation<span class="visually-hidden"> of {r.id}</span>
                    </summary>
                    <div class="doc">
                      <Markdown text={body(doc)} headingOffset={1} />
                    </div>
                  </details>
                )}
              </section>
            );
          })}
        </>
      )}
    </>
  );
}
