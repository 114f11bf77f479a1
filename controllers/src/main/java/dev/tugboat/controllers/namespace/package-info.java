/**
 * The namespace controller: {@link dev.tugboat.controllers.namespace.NamespaceController} empties
 * terminating namespaces and finalizes them.
 */
package dev.tugboat.controllers.namespace;
