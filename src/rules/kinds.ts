// Kinds whose objects are cluster-scoped: they live in no namespace, so `Namespace default/sandbox`
// names nothing, and a metadata.namespace written on one is ignored by the API server (the same
// ClusterRole with and without it is one object). Kubernetes' own from `kubectl api-resources
// --namespaced=false` (kubernetes.io/docs/reference/kubectl/generated/kubectl_api-resources); the
// Gateway API's GatewayClass (gateway-api.sigs.k8s.io/reference/spec: "GatewayClass is a
// cluster-scoped resource"); Istio's MeshPolicy and ClusterRbacConfig, cluster-scoped by their
// definitions (istio.io v1.4 docs/reference/config/security/istio.authentication.v1alpha1: "MeshPolicy …
// cluster-scoped"; istio.rbac.v1alpha1 ClusterRbacConfig); cert-manager's ClusterIssuer.
// Matched on the kind alone: none of these names is also a namespaced kind of another group.

const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterIssuer',
  'ClusterRbacConfig',
  'ClusterRole',
  'ClusterRoleBinding',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'GatewayClass',
  'IngressClass',
  'MeshPolicy',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

/** `ns/name`, or the name alone for a cluster-scoped object. */
export function objectName(r: { readonly kind: string; readonly namespace: string; readonly name: string }): string {
  return isClusterScoped(r.kind) ? r.name : `${r.namespace}/${r.name}`;
}
