// Whether a workload runs an Istio sidecar, as far as a manifest can tell.
import type { Resource, ResourceIndex } from '../types.ts';
import { asArray, asRecord, asString, dig } from './object.ts';

export type SidecarState = 'yes' | 'no' | 'unknown';

const INJECT_ANNOTATION = 'sidecar.istio.io/inject';

/** Kubernetes and Istio control-plane namespaces, where application rules do not apply. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'istio-system']);

function podTemplate(workload: Resource): unknown {
  if (workload.kind === 'Pod') return workload.object;
  if (workload.kind === 'CronJob') return dig(workload.object, 'spec', 'jobTemplate', 'spec', 'template');
  return dig(workload.object, 'spec', 'template');
}

/** Pod template metadata and spec of any workload kind. */
export function podSpecOf(workload: Resource): { annotations: Record<string, unknown>; labels: Record<string, unknown>; spec: unknown } {
  const template = podTemplate(workload);
  return {
    annotations: { ...(asRecord(dig(template, 'metadata', 'annotations')) ?? {}) },
    labels: { ...(asRecord(dig(template, 'metadata', 'labels')) ?? {}) },
    spec: dig(template, 'spec'),
  };
}

/**
 * An explicit opt-out annotation (or label) means no sidecar, and so does a namespace labelled
 * `istio-injection: disabled` when the input holds it; a Pod (already injected, as `kubectl get -o
 * yaml` shows it) without an `istio-proxy` container has none. A Deployment template is shown before
 * injection, so its containers say nothing.
 */
export function sidecarState(workload: Resource, index?: ResourceIndex): SidecarState {
  const { annotations, labels, spec } = podSpecOf(workload);
  const inject = asString(annotations[INJECT_ANNOTATION]) ?? asString(labels[INJECT_ANNOTATION]) ?? asString(workload.annotations[INJECT_ANNOTATION]);
  if (inject !== undefined && inject.toLowerCase() === 'false') return 'no';
  if (index && namespaceInjection(workload.namespace, index) === 'disabled') return 'no';
  if (workload.kind !== 'Pod') return 'unknown';
  const containers = asArray(dig(spec, 'containers'));
  return containers.some((c) => dig(c, 'name') === 'istio-proxy') ? 'yes' : 'no';
}

/**
 * For advice that only matters with a sidecar (labels for telemetry, per-port listeners, Envoy
 * restarts): also skip workloads of a namespace that the input holds without any injection label,
 * since the injector only acts on labelled namespaces unless the pod opts in.
 */
export function mayHaveSidecar(workload: Resource, index: ResourceIndex): boolean {
  const state = sidecarState(workload, index);
  if (state !== 'unknown') return state === 'yes';
  const { annotations, labels } = podSpecOf(workload);
  const optIn = (asString(labels[INJECT_ANNOTATION]) ?? asString(annotations[INJECT_ANNOTATION]) ?? '').toLowerCase() === 'true';
  return optIn || namespaceInjection(workload.namespace, index) !== 'unlabelled';
}

/** What the input says about a namespace's injection: its Namespace object's labels, if it holds one. */
function namespaceInjection(namespace: string, index: ResourceIndex): 'enabled' | 'disabled' | 'unlabelled' | 'unknown' {
  const ns = index.get('Namespace', 'default', namespace);
  if (!ns) return 'unknown';
  const label = ns.labels['istio-injection']?.toLowerCase();
  if (label === 'disabled') return 'disabled';
  if (label === 'enabled' || ns.labels['istio.io/rev'] !== undefined) return 'enabled';
  return 'unlabelled';
}
