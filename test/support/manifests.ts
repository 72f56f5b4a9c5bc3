// Manifests shared by the transport tests (REST, GraphQL, MCP), so each checks the same case.

/** A VirtualService routing to subset v3 of a DestinationRule that defines only v1 (line 11). */
export const subsetOnly = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: v3
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
`;
