// Small shared pieces: highlighted snippets, loading and error states, severity, version select.
import type { ComponentChild } from 'preact';
import type { Severity } from '../api.ts';

/** Search snippets carry matched words in <mark>; everything else is text, never markup. */
export function Marked({ text }: { text: string }) {
  const parts = text.split(/(<mark>[\s\S]*?<\/mark>)/);
  return (
    <>
      {parts.map((p, i) => (p.startsWith('<mark>') && p.endsWith('</mark>') ? <mark key={i}>{p.slice(6, -7)}</mark> : p))}
    </>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorNote({ error, children }: { error: Error; children?: ComponentChild }) {
  return (
    <div class="note error" role="alert">
      <p>{error.message}</p>
      {children}
    </div>
  );
}

const SEVERITY_LABEL: Record<Severity, string> = { ERROR: 'Error', WARNING: 'Warning', INFO: 'Info' };

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span class={`badge sev-${severity.toLowerCase()}`}>{SEVERITY_LABEL[severity]}</span>;
}

export function External({ href, children }: { href: string; children: ComponentChild }) {
  return (
    <a href={href} rel="noopener noreferrer" target="_blank" class="external">
      {children}
      <span class="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}

export function VersionSelect({
  id,
  label,
  value,
  options,
  onChange,
  allLabel,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
  /** An extra first option with value "" (e.g. "All versions"). */
  allLabel?: string;
}) {
  return (
    <span class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {options.map((v) => (
          <option value={v} key={v}>
            {v}
          </option>
        ))}
      </select>
    </span>
  );
}
