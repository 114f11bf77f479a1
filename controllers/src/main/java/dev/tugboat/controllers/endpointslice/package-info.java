/**
 * The EndpointSlice controller: {@link dev.tugboat.controllers.endpointslice.EndpointSliceController}
 * keeps discovery.k8s.io/v1 EndpointSlices per selecting Service; {@link
 * dev.tugboat.controllers.endpointslice.SliceReconciler} is its pure core (which slices to create, update
 * and delete).
 */
package dev.tugboat.controllers.endpointslice;
