package dev.tugboat.controllers.volume;

/** The annotations, labels and names the volume controllers, provisioners and the scheduler share (upstream's). */
public final class VolumeAnnotations {

    /** On a claim: the controller has finished binding it (value "yes"). */
    public static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
    /** On a claim or volume: the controller (not the user) wrote its volumeName or claimRef (value "yes"). */
    public static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
    /** On a volume: the provisioner that created it. */
    public static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    /** On a claim: the provisioner asked to provision a volume for it. */
    public static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
    /** The beta spelling of {@link #STORAGE_PROVISIONER}, still written by upstream for old provisioners. */
    public static final String BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
    /** On a claim: the node the scheduler chose for the first pod using it (WaitForFirstConsumer classes). */
    public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    /** The beta class annotation; when present it takes precedence over {@code spec.storageClassName}. */
    public static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";
    /** On a StorageClass: it is the default class. */
    public static final String IS_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";

    public static final String PVC_PROTECTION_FINALIZER = "kubernetes.io/pvc-protection";
    public static final String PV_PROTECTION_FINALIZER = "kubernetes.io/pv-protection";

    /** The value of the yes/no annotations. */
    public static final String YES = "yes";

    private VolumeAnnotations() {
    }
}
