/**
 * Upstream's storage-object-in-use protection controllers (pkg/controller/volume/pvcprotection and
 * pvprotection): {@link dev.tugboat.controllers.volume.protection.PvcProtectionController} keeps a deleted
 * claim while a scheduled pod uses it, {@link dev.tugboat.controllers.volume.protection.PvProtectionController}
 * keeps a deleted volume while it is bound. Both manage their finalizer: added to objects that lack it,
 * removed when the deletion may proceed.
 */
package dev.tugboat.controllers.volume.protection;
