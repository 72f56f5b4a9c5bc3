// Diagnose: paste or drop manifests, pick the Istio version, say whether they are the whole mesh
// configuration, and see the findings grouped by resource, each on its line of the YAML.
import { useRef, useState } from 'preact/hooks';
import example from '../../../../samples/manifests/broken-bookinfo.yaml';
import { isClusterScoped } from '../../../rules/kinds.ts';
import { api, href, versions, type Diagnosis, type DiagnoseRequest, type Finding } from '../api.ts';
import { CodeBlock, type LineMark } from '../components/code.tsx';
import { ErrorNote, External, SeverityBadge } from '../components/common.tsx';
import { useLoad, useTitle } from '../hooks.ts';
import { inline } from '../lib/markdown.tsx';

const RANK = { ERROR: 0, WARNING: 1, INFO: 2 } as const;

interface Submitted {
  readonly manifests: string;
  readonly version: string;
  readonly complete: boolean;
  readonly namespace: string;
}

async function readFiles(files: FileList | readonly File[]): Promise<string> {
  const texts = await Promise.all([...files].map(async (f) => `# file: ${f.name}\n${(await f.text()).replace(/\n?$/, '\n')}`));
  return texts.join('---\n');
}

function download(name: string, type: string, body: string) {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The request for what was submitted: empty fields are the server's defaults. */
function requestOf(input: Submitted): DiagnoseRequest {
  return { manifests: input.manifests, complete: input.complete, ...(input.version ? { version: input.version } : {}), ...(input.namespace ? { namespace: input.namespace } : {}) };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function DiagnosePage() {
  useTitle('Diagnose');
  const known = useLoad('versions', versions);
  const [manifests, setManifests] = useState('');
  const [version, setVersion] = useState('');
  const [complete, setComplete] = useState(false);
  const [namespace, setNamespace] = useState('');
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [result, setResult] = useState<{ input: Submitted; diagnosis: Diagnosis } | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const addFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const text = await readFiles(files);
    setManifests((m) => (m.trim() ? `${m.replace(/\n?$/, '\n')}---\n${text}` : text));
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!manifests.trim()) {
      setError(new Error('Paste or drop the manifests to check first.'));
      document.getElementById('manifests')?.focus();
      return;
    }
    const input = { manifests, version, complete, namespace: namespace.trim() };
    setBusy(true);
    setError(null);
    try {
      const diagnosis = await api.diagnose(requestOf(input));
      setResult({ input, diagnosis });
      requestAnimationFrame(() => resultHeading.current?.focus());
    } catch (err) {
      setError(err as Error);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1 tabIndex={-1}>Diagnose manifests</h1>
      <p class="lead">
        Checks Kubernetes and Istio manifests for the problems the guidelines warn about, and links each finding to the guideline that
        explains it. Nothing is stored.
      </p>
      <form class="diagnose-form" onSubmit={submit} aria-busy={busy}>
        <div class={`field drop${dragging ? ' dragging' : ''}`}>
          <label for="manifests">Manifests</label>
          <p id="manifests-help" class="hint">
            Paste YAML (several documents separated by <code>---</code>), or drop .yaml files here.
          </p>
          <textarea
            id="manifests"
            name="manifests"
            rows={14}
            spellcheck={false}
            autoComplete="off"
            wrap="off"
            aria-describedby="manifests-help"
            value={manifests}
            onInput={(e) => setManifests((e.currentTarget as HTMLTextAreaElement).value)}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              void addFiles(e.dataTransfer?.files ?? null);
            }}
          />
        </div>
        <div class="toolbar">
          <span class="field">
            <label for="files">Add files</label>
            <input id="files" type="file" multiple accept=".yaml,.yml,.json,text/yaml,application/yaml" onChange={(e) => void addFiles((e.currentTarget as HTMLInputElement).files)} />
          </span>
          <button type="button" class="secondary" onClick={() => setManifests(example)}>
            Load an example
          </button>
        </div>
        <div class="toolbar">
          <span class="field">
            <label for="diagnose-version">Istio version</label>
            <select id="diagnose-version" value={version} onChange={(e) => setVersion((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">Newest (default)</option>
              {known.state === 'done' &&
                known.data.versions.map((v) => (
                  <option value={v.name} key={v.name}>
                    {v.name}
                  </option>
                ))}
            </select>
          </span>
          <span class="field">
            <label for="diagnose-namespace">Namespace</label>
            <input
              id="diagnose-namespace"
              type="text"
              size={14}
              placeholder="default"
              spellcheck={false}
              autoComplete="off"
              aria-describedby="namespace-help"
              value={namespace}
              onInput={(e) => setNamespace((e.currentTarget as HTMLInputElement).value)}
            />
          </span>
          <span class="field check">
            <input id="complete" type="checkbox" checked={complete} aria-describedby="complete-help" onChange={(e) => setComplete((e.currentTarget as HTMLInputElement).checked)} />
            <label for="complete">complete</label>
          </span>
          <button type="submit" disabled={busy}>
            Diagnose
          </button>
        </div>
        <p id="complete-help" class="hint">
          <strong>complete</strong>: these manifests are the whole mesh configuration, so a reference to something absent from them is an
          error. Unchecked, absence alone is at most a warning, since the input may be partial.
        </p>
        <p id="namespace-help" class="hint">
          <strong>Namespace</strong>: where the manifests are applied, as with <code>kubectl apply -n</code>: objects that name none land there,
          and one that names another is refused, as kubectl refuses it (empty: objects that name none are in default, none is refused).
        </p>
      </form>
      {busy && (
        <p class="muted" role="status">
          Diagnosing…
        </p>
      )}
      {error && <ErrorNote error={error} />}
      {result && <Results input={result.input} d={result.diagnosis} headingRef={resultHeading} />}
    </>
  );
}

interface Group {
  readonly label: string;
  readonly line: number;
  readonly findings: Finding[];
}

function groupByResource(findings: readonly Finding[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const r = f.resource;
    const id = `${r.source}|${r.file}|${r.kind}|${r.namespace}|${r.name}`;
    let g = groups.get(id);
    if (!g) {
      g = { label: `${r.kind} ${r.namespace && !isClusterScoped(r.kind) ? `${r.namespace}/` : ''}${r.name}`, line: r.line, findings: [] };
      groups.set(id, g);
    }
    g.findings.push(f);
  }
  for (const g of groups.values()) g.findings.sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.line - b.line);
  return [...groups.values()].sort((a, b) => Math.min(...a.findings.map((f) => RANK[f.severity])) - Math.min(...b.findings.map((f) => RANK[f.severity])) || a.line - b.line);
}

function Results({ input, d, headingRef }: { input: Submitted; d: Diagnosis; headingRef: { current: HTMLHeadingElement | null } }) {
  const count = (s: Finding['severity']) => d.findings.filter((f) => f.severity === s).length;
  const groups = groupByResource(d.findings);
  const marks = new Map<number, LineMark[]>();
  for (const f of d.findings) {
    if (f.source !== 'manifests') continue;
    marks.set(f.line, [...(marks.get(f.line) ?? []), { severity: f.severity, text: f.ruleId }]);
  }
  const [sarifError, setSarifError] = useState<Error | null>(null);
  const downloadSarif = async () => {
    setSarifError(null);
    try {
      const sarif = await api.diagnoseSarif(requestOf(input));
      download('istio-kb.sarif', 'application/sarif+json', JSON.stringify(sarif, null, 2));
    } catch (err) {
      setSarifError(err as Error);
    }
  };

  return (
    <section aria-labelledby="findings-heading" class="diagnosis">
      <h2 id="findings-heading" ref={headingRef} tabIndex={-1}>
        {d.findings.length === 0 ? 'No findings' : plural(d.findings.length, 'finding')}
      </h2>
      <p role="status">
        {plural(count('ERROR'), 'error')}, {plural(count('WARNING'), 'warning')}, {count('INFO')} info in {plural(d.resourceCount, 'resource')},
        judged as Istio {d.version}
        {d.suppressedCount > 0 ? `; ${d.suppressedCount} suppressed` : ''}.
      </p>
      <div class="toolbar">
        <button type="button" class="secondary" onClick={() => download('istio-kb-diagnosis.json', 'application/json', JSON.stringify(d, null, 2))}>
          Download JSON
        </button>
        <button type="button" class="secondary" onClick={downloadSarif}>
          Download SARIF
        </button>
      </div>
      {sarifError && <ErrorNote error={sarifError} />}
      {d.parseErrors.length > 0 && (
        <div class="note error" role="alert">
          <p>Some of the input could not be read:</p>
          <ul>
            {d.parseErrors.map((p, i) => (
              <li key={i}>
                {p.line !== null ? <a href={`#L${p.line}`}>line {p.line}</a> : 'input'}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {d.notes.length > 0 && (
        <div class="note">
          <ul>
            {d.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      )}
      {groups.map((g) => (
        <section class="resource" aria-label={g.label} key={g.label}>
          <h3>
            {g.label} <a class="small" href={`#L${g.line}`}>line {g.line}</a>
          </h3>
          <ul class="findings">
            {g.findings.map((f, i) => (
              <li class={`finding sev-${f.severity.toLowerCase()}`} key={i}>
                <p class="finding-head">
                  <SeverityBadge severity={f.severity} /> <span class="message">{inline(f.message, { codeOnly: true })}</span>
                </p>
                <p>
                  <strong>Fix:</strong> {inline(f.fix, { codeOnly: true })}
                </p>
                <p class="meta">
                  {f.source === 'manifests' ? <a href={`#L${f.line}`}>Line {f.line}</a> : <span>Line {f.line} of the previous manifests</span>} · Rule{' '}
                  <a href={href.rule(f.ruleId)}>
                    <code>{f.ruleId}</code>
                  </a>
                  {f.entry && (
                    <>
                      {' '}
                      · Guideline <a href={href.entry(f.entry.slug, f.entry.version)}>{f.entry.title}</a> ({f.entry.version},{' '}
                      <External href={f.entry.url}>istio.io</External>)
                    </>
                  )}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <h3 id="manifest-view">The manifests, finding lines marked</h3>
      <CodeBlock code={input.manifests} language="yaml" title="manifests" marks={marks} lineIds="L" />
    </section>
  );
}
