// A small, tolerant nginx configuration reader: enough structure (directives, arguments, nested
// blocks, line numbers) to know which directives are in effect for a `location`. Malformed input
// yields a partial tree, never an exception; size and nesting are capped.

export interface NginxDirective {
  readonly name: string;
  readonly args: readonly string[];
  /** 0-based line of the directive name within the text. */
  readonly line: number;
  /** Present for block directives (`server { ... }`). */
  readonly children?: readonly NginxDirective[];
}

export const MAX_NGINX_CHARS = 1_000_000;
const MAX_DEPTH = 64;

type Token = { kind: 'word'; value: string; line: number } | { kind: ';' | '{' | '}'; line: number };

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const input = text.length > MAX_NGINX_CHARS ? text.slice(0, MAX_NGINX_CHARS) : text;
  let line = 0;
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (ch === '\n') { line++; i++; continue; }
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === '#') {
      while (i < input.length && input[i] !== '\n') i++;
      continue;
    }
    if (ch === ';' || ch === '{' || ch === '}') {
      tokens.push({ kind: ch, line });
      i++;
      continue;
    }
    const start = line;
    let value = '';
    if (ch === '"' || ch === "'") {
      i++;
      while (i < input.length && input[i] !== ch) {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        if (input[i] === '\n') line++;
        value += input[i];
        i++;
      }
      i++; // closing quote (or end of input)
    } else {
      while (i < input.length && !/[\s;{}]/.test(input[i] as string)) {
        // `${var}` keeps its braces inside a word.
        if (input[i] === '$' && input[i + 1] === '{') {
          const close = input.indexOf('}', i);
          const end = close < 0 ? input.length : close + 1;
          value += input.slice(i, end);
          i = end;
          continue;
        }
        value += input[i];
        i++;
      }
    }
    tokens.push({ kind: 'word', value, line: start });
  }
  return tokens;
}

export function parseNginx(text: string): NginxDirective[] {
  const tokens = tokenize(text);
  let pos = 0;
  const block = (depth: number): NginxDirective[] => {
    const out: NginxDirective[] = [];
    while (pos < tokens.length) {
      const token = tokens[pos] as Token;
      if (token.kind === '}') { pos++; return out; }
      if (token.kind !== 'word') { pos++; continue; }
      const name = token.value;
      const args: string[] = [];
      pos++;
      while (pos < tokens.length && (tokens[pos] as Token).kind === 'word') {
        args.push((tokens[pos] as { value: string }).value);
        pos++;
      }
      const end = tokens[pos];
      if (end?.kind === '{') {
        pos++;
        const children = depth < MAX_DEPTH ? block(depth + 1) : skipBlock();
        out.push({ name, args, line: token.line, children });
      } else {
        if (end?.kind === ';') pos++;
        out.push({ name, args, line: token.line });
      }
    }
    return out;
  };
  const skipBlock = (): NginxDirective[] => {
    let open = 1;
    while (pos < tokens.length && open > 0) {
      const kind = (tokens[pos] as Token).kind;
      if (kind === '{') open++;
      if (kind === '}') open--;
      pos++;
    }
    return [];
  };
  return block(0);
}

export interface ProxyPassUse {
  readonly directive: NginxDirective;
  /** `proxy_http_version` in effect, undefined when nginx's default (1.0) applies. */
  readonly httpVersion: string | undefined;
  /** Names of the enclosing blocks, outermost first ("http", "server", "location /api"). */
  readonly context: readonly string[];
}

/**
 * Every `proxy_pass` with the `proxy_http_version` in effect for it: the directive in the same block
 * wins wherever it appears there, else the nearest enclosing block's (nginx inheritance).
 */
export function proxyPassUses(directives: readonly NginxDirective[], inherited?: string): ProxyPassUse[] {
  const out: ProxyPassUse[] = [];
  const walk = (block: readonly NginxDirective[], version: string | undefined, context: readonly string[]): void => {
    const own = block.find((d) => d.name === 'proxy_http_version' && !d.children)?.args[0];
    const effective = own ?? version;
    for (const d of block) {
      if (d.name === 'proxy_pass' && !d.children) out.push({ directive: d, httpVersion: effective, context });
      if (d.children) walk(d.children, effective, [...context, [d.name, ...d.args].join(' ')]);
    }
  };
  walk(directives, inherited, []);
  return out;
}

/** `proxy_http_version` set at the `http` block level of a full config, which included files inherit. */
export function httpLevelVersion(directives: readonly NginxDirective[]): string | undefined {
  const http = directives.find((d) => d.name === 'http' && d.children);
  return http?.children?.find((d) => d.name === 'proxy_http_version' && !d.children)?.args[0];
}

export function isHttp11OrLater(version: string | undefined): boolean {
  return version === '1.1' || version === '2' || version === '2.0' || version === '3';
}
