package dev.tugboat.scheduler.plugins.volumebinding;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Read access to cached PersistentVolumeClaims, PersistentVolumes and StorageClasses. Thread-safe. */
public interface VolumeListers {

    /** The claim, or null. */
    ObjectNode claim(String namespace, String name);

    /** The volume, or null. */
    ObjectNode volume(String name);

    /** The storage class, or null. */
    ObjectNode storageClass(String name);

    /** Records the node chosen for a claim that waits for its first consumer; may block on I/O. */
    void selectNode(String namespace, String claim, String node);
}
