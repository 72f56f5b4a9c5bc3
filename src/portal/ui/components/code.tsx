// A code block: YAML highlighted, a copy button, optional marked lines (diagnose findings).
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { highlightYamlLine, isYaml } from '../lib/yaml.tsx';

/** Clipboard API where the page is a secure context (https, localhost), a hidden textarea elsewhere. */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection fallback
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  return ok;
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    setState((await copyText(text)) ? 'copied' : 'failed');
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <>
      <button type="button" class="small" onClick={copy} aria-label={label}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span class="visually-hidden" role="status">
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Copy failed' : ''}
      </span>
    </>
  );
}

export interface LineMark {
  readonly severity: 'ERROR' | 'WARNING' | 'INFO';
  readonly text: string;
}

export function CodeBlock({
  code,
  language,
  title,
  marks,
  lineIds,
}: {
  code: string;
  language: string;
  title?: ComponentChild;
  /** Findings by 1-based line: those lines are marked and carry their messages. */
  marks?: ReadonlyMap<number, readonly LineMark[]>;
  /** Prefix for line element ids (`L` gives L1, L2, ...), so findings can link to their line. */
  lineIds?: string;
}) {
  const yaml = isYaml(language);
  const text = code.replace(/\n$/, '');
  const numbered = marks !== undefined || lineIds !== undefined;
  const lines = text.split('\n');
  return (
    <figure class="code-block">
      <figcaption>
        <span class="lang">{title ?? language}</span>
        <CopyButton text={code} label={`Copy ${language || 'code'} snippet`} />
      </figcaption>
      {numbered ? (
        <pre class="code numbered" tabIndex={0}>
          <code>
            {lines.map((line, i) => {
              const n = i + 1;
              const m = marks?.get(n);
              const worst = m?.some((x) => x.severity === 'ERROR') ? 'error' : m?.some((x) => x.severity === 'WARNING') ? 'warning' : m ? 'info' : '';
              return (
                <span class={`line${worst ? ` marked ${worst}` : ''}`} id={lineIds ? `${lineIds}${n}` : undefined} key={n}>
                  <span class="ln" aria-hidden="true">{n}</span>
                  <span class="lc">{yaml ? highlightYamlLine(line) : line}</span>
                  {m && (
                    <span class="line-note">
                      <span class="visually-hidden">Line {n}: </span>
                      {m.map((x) => `${x.severity.toLowerCase()}: ${x.text}`).join(' · ')}
                    </span>
                  )}
                </span>
              );
            })}
          </code>
        </pre>
      ) : (
        <pre class="code" tabIndex={0}>
          <code>{yaml ? lines.map((line, i) => [i > 0 ? '\n' : '', ...highlightYamlLine(line)]) : text}</code>
        </pre>
      )}
    </figure>
  );
}
