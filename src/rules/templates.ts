// Unrendered Helm templates: a chart's templates/ folder is YAML only after `helm template`. Judged
// as they stand, `name: "{{ .Release.Name }}"` becomes an object name and `{{ .Values.subset }}` a
// subset that no DestinationRule defines, so a CI job would fail on findings that are not there.
// Only Helm's own objects and functions count (.Values, .Release, .Chart, include, tpl): `{{ … }}`
// alone, even `{{ range }}` or `{{ template }}`, also appears in rendered objects (Argo Rollouts'
// `{{args.service-name}}`, Alertmanager templates in a ConfigMap), which are judged as usual.

const HELM_ACTION = /\{\{-?[^}]*?(?:\.Values\b|\.Release\b|\.Chart\b|\.Capabilities\b|\.Files\b|\binclude\s+"|\btpl\s)/;

export interface TemplateMark {
  /** 1-based line of the first Helm action. */
  readonly line: number;
  /** The action, shortened for a message. */
  readonly action: string;
}

/** The first Helm template action in a text, if it has one. */
export function helmTemplateMark(text: string): TemplateMark | undefined {
  const match = HELM_ACTION.exec(text);
  if (!match) return undefined;
  const line = text.slice(0, match.index).split('\n').length;
  const end = text.indexOf('}}', match.index);
  const action = text.slice(match.index, end < 0 ? match.index + 40 : Math.min(end + 2, match.index + 60)).replace(/\s+/g, ' ');
  return { line, action };
}
