import { Option } from 'commander';
import { defineCommand } from '../command.ts';

/** Local files are not bound by the server's request limits; this only stops runaway input (raise it with --max-bytes). */
export const CLI_DIAGNOSE_MAX_BYTES = 256 * 1024 * 1024;

export default defineCommand({
  name: 'diagnose',
  declare: (cmd) =>
    cmd
      .description('check Kubernetes/Istio manifests against the guidelines (works without a knowledge base)')
      .argument('<file...>', 'YAML or JSON files, folders (their .yaml, .yml and .json files, as kubectl apply -f reads them), or - for standard input')
      .option('-R, --recursive', 'read the sub-folders of folder arguments too')
      .addOption(new Option('-f, --format <format>', 'output format: text, json or sarif (default: text)'))
      .option('--json', 'print JSON (same as --format json)')
      .option('--version <version>', 'Istio version whose semantics apply (default: the newest the rules know, 1.25)')
      .option('--previous <file>', 'the manifests currently applied (file or folder), to check the order of the change')
      .option('-n, --namespace <namespace>', 'apply to this namespace, as kubectl apply -n: objects that name none get it, an object naming another is refused (exit 2) (default: objects that name none are in default)')
      .option('--complete', 'the files are the whole mesh configuration: a referent missing from them is an error (default: absence alone is at most a warning, the input may be partial)')
      .option('--context <file...>', 'files or folders with more of the cluster (e.g. kubectl get vs,dr,gw,se,svc,deploy,pa -A -o yaml > cluster.yaml): used to resolve references, never reported on')
      .option('--ignore <ids>', 'comma-separated rule ids to skip')
      .option('--min-severity <severity>', 'drop findings below this severity: error, warning or info (any case)')
      .option('--max-bytes <size>', 'refuse inputs larger than this in total (guard against runaway input; e.g. 1G)', '256M')
      .option('--max-resources <n>', 'refuse inputs with more Kubernetes objects than this', '1000000'),
  load: () => import('../run/diagnose.ts'),
});
