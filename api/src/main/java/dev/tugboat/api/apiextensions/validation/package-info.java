/**
 * Custom resources checked against their CRD version's {@code openAPIV3Schema}, as the 1.33
 * apiextensions-apiserver does: {@link dev.tugboat.api.apiextensions.validation.Pruning} (unknown
 * fields, non-nullable nulls, embedded metadata), {@link dev.tugboat.api.apiextensions.validation.StructuralDefaulting}
 * ({@code default}s), and validation with kube-openapi's semantics and messages
 * ({@link dev.tugboat.api.apiextensions.validation.SchemaValidator}), plus embedded resources,
 * {@code x-kubernetes-list-type} uniqueness and the scale subresource's paths.
 * {@link dev.tugboat.api.apiextensions.validation.CustomResourceValidation} puts them together per CRD
 * version and documents the order the server calls them in.
 *
 * <p>Not implemented: {@code x-kubernetes-validations} (CEL) rules, which need a CEL engine.
 */
package dev.tugboat.api.apiextensions.validation;
