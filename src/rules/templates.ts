// Unrendered Helm templates: a chart's templates/ folder is YAML only after `helm template`. Judged
// as they stand, `name: "{{ .Release.Name }}"` becomes an object name and `{{ .Values.subset }}` a
// subset that no DestinationRule defines, so a CI job would fail on findings that are not there.
// Only Helm's own objects and functions count (.Values, .Release, .Chart, include, tpl): `{{ … }}`
// alone, even `{{ range }}` or `{{ template }}`, also appears in rendered objects (Argo Rollouts'
// `{{args.service-name}}`, Alertmanager templates in a ConfigMap), which are judged as usual.

/** Helm's own marks, looked for inside one action (from `{{` to the next `}`). */
const HELM_MARK = /\.Values\b|\.Release\b|\.Chart\b|\.Capabilities\b|\.Files\b|\binclude\s+"|\btpl\s/;

export interface TemplateMark {
  /** 1-based line of the first Helm action. */
  readonly line: number;
  /** The action, shortened for a message. */
  readonly action: string;
}

/** The first Helm template action in a text, if it has one. */
export function helmTemplateMark(text: string): TemplateMark | undefined {
  // Action by action, each character read once: one pattern over the whole text (a lazy run up to a
  // mark) went back over the rest of the text from every `{{`, quadratic on a text of many `{{`
  // without a `}` (640 KB took 29 s).
  let from = 0;
  for (;;) {
    const start = text.indexOf('{{', from);
    if (start < 0) return undefined;
    const brace = text.indexOf('}', start + 2);
    const stop = brace < 0 ? text.length : brace;
    if (HELM_MARK.test(text.slice(start + 2, stop))) {
      const line = text.slice(0, start).split('\n').length;
      const end = text.indexOf('}}', start);
      const action = text.slice(start, end < 0 ? start + 40 : Math.min(end + 2, start + 60)).replace(/\s+/g, ' ');
      return { line, action };
    }
    if (brace < 0) return undefined;
    from = stop + 1;
  }
}

// Other templates (a test harness's Go text/template, envsubst-like tools) have no marks of their own,
// but two places give them away, because Kubernetes itself refuses what they leave: a `{{ … }}`
// outside quotes, which YAML reads as a mapping used as a key (kubectl: "yaml: invalid map key"),
// and `{{` in metadata.name or metadata.namespace, where a DNS name is required.

/** The `{{ … }}` action that starts at `offset`, shortened for a message, if one starts there. */
export function templateActionAt(text: string, offset: number): string | undefined {
  if (!text.startsWith('{{', offset)) return undefined;
  const end = text.indexOf('}}', offset);
  return text.slice(offset, end < 0 ? offset + 40 : Math.min(end + 2, offset + 60)).replace(/\s+/g, ' ');
}

/** Whether a name or namespace holds a template action (never valid in a Kubernetes name). */
export function isTemplatedName(value: unknown): value is string {
  return typeof value === 'string' && value.includes('{{');
}
