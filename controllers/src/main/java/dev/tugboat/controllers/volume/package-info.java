/**
 * The PersistentVolume controller (upstream's pkg/controller/volume/persistentvolume):
 * {@link dev.tugboat.controllers.volume.PersistentVolumeController} binds claims to volumes, hands claims
 * that need a new volume to their class's provisioner, and reclaims volumes whose claims are gone. The
 * matching of a claim to the best volume is the pure {@link dev.tugboat.controllers.volume.VolumeMatching}
 * over {@link dev.tugboat.controllers.volume.Claim} and {@link dev.tugboat.controllers.volume.Volume} values.
 * The protection controllers live in {@code volume.protection}, the local-path provisioner in
 * {@code localpath}.
 */
package dev.tugboat.controllers.volume;
