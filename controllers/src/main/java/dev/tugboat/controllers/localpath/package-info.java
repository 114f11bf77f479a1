/**
 * The local-path provisioner (after rancher's local-path-provisioner, the one k3s ships):
 * {@link dev.tugboat.controllers.localpath.LocalPathProvisioner} keeps a default {@code local-path}
 * StorageClass, creates a node-pinned hostPath PersistentVolume for every claim handed to it, and
 * removes the volumes it made once they are released.
 */
package dev.tugboat.controllers.localpath;
