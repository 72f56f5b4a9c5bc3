// Set by scripts/build-portal.mjs (esbuild `define`): the content-hashed URL of the rule docs.
declare const RULE_DOCS_URL: string;

declare module '*.yaml' {
  const text: string;
  export default text;
}
