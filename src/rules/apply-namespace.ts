// `kubectl apply -n NS` gives NS to objects that name no namespace and refuses every object that names
// another one ("the namespace from the provided object "default" does not match the namespace "shop""):
// such an object never reaches the cluster. Without the option, objects keep their own namespaces.
import { isClusterScoped, objectName } from './kinds.ts';
import type { Resource } from './types.ts';

type Placed = Pick<Resource, 'kind' | 'namespace' | 'namespaceExplicit' | 'name' | 'file' | 'line'>;

/** The objects `kubectl apply -n namespace` refuses; none when no namespace was asked for. */
export function refusedByNamespace<R extends Placed>(resources: readonly R[], namespace: string | undefined): R[] {
  if (namespace === undefined) return [];
  // A cluster-scoped object has no namespace to conflict with: kubectl ignores -n for it.
  return resources.filter((r) => r.namespaceExplicit && r.namespace !== namespace && !isClusterScoped(r.kind));
}

/** Input errors naming each refused object, as a file that does not parse is named. */
export function namespaceErrors(refused: readonly Placed[], namespace: string): { file: string; line: number; message: string }[] {
  return refused.map((r) => ({
    file: r.file,
    line: r.line,
    message:
      `${r.kind} ${objectName(r)} names namespace "${r.namespace}", but the namespace "${namespace}" was asked for: ` +
      `kubectl apply -n ${namespace} refuses it (the namespace from the provided object "${r.namespace}" does not match the namespace "${namespace}") ` +
      `and it is not judged; drop the namespace option or the object's metadata.namespace.`,
  }));
}
