// §5 / Requirements for Pods and Services: pods should carry `app` and `version` labels. Istio uses
// them for telemetry and tracing, and version routing (DestinationRule subsets) is written against
// them. The 1.0–1.4 pages list them among the requirements; from 1.5 telemetry v2 falls back to
// the workload name, so the finding is INFO; from 1.20 the canonical-service labels also count.
import { defineRule, type Path, type Resource, type RuleContext } from '../types.ts';
import { drHost, drSubsets } from '../istio.ts';
import { asRecord, asString, dig, refOf } from '../support/object.ts';
import { SYSTEM_NAMESPACES, mayHaveSidecar } from '../support/sidecar.ts';
import { FACTS } from '../version-facts.ts';

const CHECKED_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod'];

const ALTERNATIVES: Readonly<Record<'app' | 'version', readonly string[]>> = {
  app: ['service.istio.io/canonical-name', 'app.kubernetes.io/name'],
  version: ['service.istio.io/canonical-revision', 'app.kubernetes.io/version'],
};

function labelsPath(workload: Resource): Path {
  const base: Path = workload.kind === 'Pod' ? ['metadata'] : ['spec', 'template', 'metadata'];
  const metadata = asRecord(dig(workload.object, ...base.map(String)));
  if (metadata && asRecord(metadata['labels'])) return [...base, 'labels'];
  return metadata ? base : workload.kind === 'Pod' ? ['metadata'] : ['spec', 'template'];
}

/** Pods created by a controller in the same bundle are checked through their controller. */
function ownedByController(workload: Resource): boolean {
  return workload.kind !== 'Deployment' && Array.isArray(dig(workload.object, 'metadata', 'ownerReferences'));
}

/** Services whose DestinationRule subsets select pods by `version` (or its canonical alternatives). */
function servicesRoutedByVersion(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const dr of ctx.index.ofKind('DestinationRule')) {
    const host = drHost(dr);
    if (host === undefined) continue;
    if (drSubsets(dr).some((s) => ['version', ...ALTERNATIVES.version].some((key) => s.labels[key] !== undefined))) {
      out.add(ctx.hosts.fqdn(host, dr.namespace));
    }
  }
  return out;
}

export default defineRule({
  id: 'workload-missing-labels',
  title: 'Workload without app and version labels',
  severity: 'WARNING',
  kinds: CHECKED_KINDS,
  entryKey: 'route-rules-have-no-effect-on-my-application',
  versions: { from: '1.0' },
  description:
    'Detects Deployments, StatefulSets, DaemonSets, ReplicaSets and bare Pods whose pod template lacks the `app` or `version` label. Istio\'s requirements ask for both: `app` feeds distributed tracing and both label the metrics, and version routing selects pods by them. A missing `version` alone is information unless DestinationRule subsets select the workload\'s Service by version. Workloads without a sidecar and system namespaces are skipped.',
  *check(ctx) {
    const severity = ctx.atLeast(FACTS.telemetryV2.since) ? 'INFO' : 'WARNING';
    const acceptAlternatives = ctx.atLeast(FACTS.canonicalServiceLabels.since);
    const routedByVersion = servicesRoutedByVersion(ctx);
    for (const kind of CHECKED_KINDS) {
      for (const workload of ctx.index.ofKind(kind)) {
        if (SYSTEM_NAMESPACES.has(workload.namespace) || ownedByController(workload)) continue;
        // The labels feed the sidecar's telemetry: a workload without one gets no advice.
        if (!mayHaveSidecar(workload, ctx.index)) continue;
        const labels = ctx.index.podLabels(workload);
        const missing = (['app', 'version'] as const).filter(
          (key) => !labels[key] && !(acceptAlternatives && ALTERNATIVES[key].some((alt) => labels[alt])),
        );
        if (missing.length === 0) continue;
        // A single-version workload without `version` is the common case; the label matters once
        // subsets select its Service's pods by version (an unlabelled pod then belongs to no subset).
        const versionOnly = missing.length === 1 && missing[0] === 'version';
        const selectedByVersion = ctx.index.servicesSelecting(workload).some((svc) => routedByVersion.has(`${svc.name}.${svc.namespace}.svc.cluster.local`));
        const where = workload.kind === 'Pod' ? 'its labels' : 'its pod template';
        yield {
          resource: workload,
          path: labelsPath(workload),
          severity: versionOnly && !selectedByVersion ? 'INFO' : severity,
          message: `${refOf(workload)} has no ${missing.map((m) => `\`${m}\``).join(' or ')} label in ${where}; Istio uses app and version to label telemetry and traces, and version routing selects pods by them`,
          fix: `Add ${missing.map((m) => (m === 'app' ? '`app: <name>`' : '`version: <v1>`')).join(' and ')} to ${workload.kind === 'Pod' ? 'metadata.labels' : 'spec.template.metadata.labels'}${acceptAlternatives ? ' (or the service.istio.io/canonical-name / app.kubernetes.io/name and canonical-revision / app.kubernetes.io/version labels)' : ''}.`,
        };
      }
    }
  },
});
