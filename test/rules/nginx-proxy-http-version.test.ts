import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/nginx-proxy-http-version.ts';

const configMap = (conf: string, key = 'default.conf'): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: nginx
data:
  ${key}: |
${conf.split('\n').map((l) => `    ${l}`).join('\n')}
`;

const guidelines = `upstream http_backend {
    server 127.0.0.1:8080;
    keepalive 16;
}
server {
    location /http/ {
        proxy_pass http://http_backend;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
    }
}`;

testRule(rule, {
  valid: [
    { name: 'guidelines example', yaml: configMap(guidelines) },
    { name: 'inherited from the server block', yaml: configMap('server {\n  proxy_http_version 1.1;\n  location / { proxy_pass http://app; }\n}') },
    { name: 'inherited from the http block of nginx.conf in the same ConfigMap', yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: nginx
data:
  nginx.conf: |
    http {
      proxy_http_version 1.1;
      include /etc/nginx/conf.d/*.conf;
    }
  app.conf: |
    server { location / { proxy_pass http://app; } }
` },
    { name: 'comments and quoted strings do not count', yaml: configMap('# proxy_pass http://x;\nserver { add_header X "proxy_pass"; }') },
  ],
  invalid: [
    { name: 'guidelines: missing proxy_http_version', yaml: configMap(guidelines.replace('        proxy_http_version 1.1;\n', '')), findings: [
      // The line of the proxy_pass inside the block scalar.
      { resource: 'ConfigMap default/nginx', line: 13, severity: 'WARNING', message: 'server > location /http/' }] },
    { name: 'overridden with 1.0 in the location', yaml: configMap('server {\n  proxy_http_version 1.1;\n  location / {\n    proxy_http_version 1.0;\n    proxy_pass http://app;\n  }\n}'), findings: [
      { resource: 'ConfigMap default/nginx', line: 11, message: 'proxy_http_version 1.0' }] },
    { name: 'malformed config still checked', yaml: configMap('server {\n  location / {\n    proxy_pass "http://app'), findings: [
      { resource: 'ConfigMap default/nginx', line: 9 }] },
  ],
});
