// Whether a workload runs an Istio sidecar, as far as a manifest can tell.
import type { Resource } from '../types.ts';
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
 * An explicit opt-out annotation means no sidecar; a Pod (already injected, as `kubectl get -o yaml`
 * shows it) without an `istio-proxy` container has none. A Deployment template is shown before
 * injection, so its containers say nothing.
 */
export function sidecarState(workload: Resource): SidecarState {
  const { annotations, spec } = podSpecOf(workload);
  const inject = asString(annotations[INJECT_ANNOTATION]) ?? asString(workload.annotations[INJECT_ANNOTATION]);
  if (inject !== undefined && inject.toLowerCase() === 'false') return 'no';
  if (workload.kind !== 'Pod') return 'unknown';
  const containers = asArray(dig(spec, 'containers'));
  return containers.some((c) => dig(c, 'name') === 'istio-proxy') ? 'yes' : 'no';
}
