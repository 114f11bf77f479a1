package dev.tugboat.api.printers;

import static dev.tugboat.api.printers.TestObjects.NOW;
import static dev.tugboat.api.printers.TestObjects.ago;
import static dev.tugboat.api.printers.TestObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StoragePrintersTest {

    record Case(String name, String group, String kind, String yaml, List<Object> cells) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String created = "creationTimestamp: '" + ago(86400) + "'";
        return Stream.of(
                new Case("a bound claim", "", "PersistentVolumeClaim", """
                        metadata: {name: data, %s}
                        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}},
                               storageClassName: standard, volumeName: pvc-123, volumeMode: Filesystem}
                        status: {phase: Bound, accessModes: [ReadWriteMany, ReadWriteOnce], capacity: {storage: 2Gi}}
                        """.formatted(created),
                        List.of("data", "Bound", "pvc-123", "2Gi", "RWO,RWX", "standard", "<unset>", "24h", "Filesystem")),
                new Case("a pending claim shows no capacity", "", "PersistentVolumeClaim", """
                        metadata: {name: data, %s}
                        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, storageClassName: fast}
                        status: {phase: Pending}
                        """.formatted(created),
                        List.of("data", "Pending", "", "", "", "fast", "<unset>", "24h", "<unset>")),
                new Case("a deleting claim with the beta class annotation", "", "PersistentVolumeClaim", """
                        metadata: {name: data, %s, deletionTimestamp: '2024-05-01T11:59:00Z',
                                   annotations: {volume.beta.kubernetes.io/storage-class: legacy}}
                        spec: {storageClassName: standard, volumeAttributesClassName: gold}
                        status: {phase: Bound}
                        """.formatted(created),
                        List.of("data", "Terminating", "", "", "", "legacy", "gold", "24h", "<unset>")),
                new Case("a bound volume", "", "PersistentVolume", """
                        metadata: {name: pvc-123, %s}
                        spec: {capacity: {storage: 2Gi}, accessModes: [ReadWriteOncePod, ReadOnlyMany],
                               persistentVolumeReclaimPolicy: Delete, storageClassName: standard,
                               claimRef: {namespace: shop, name: data}, volumeMode: Block}
                        status: {phase: Bound}
                        """.formatted(created),
                        List.of("pvc-123", "2Gi", "ROX,RWOP", "Delete", "Bound", "shop/data", "standard", "<unset>", "",
                                "24h", "Block")),
                new Case("a released volume with a reason", "", "PersistentVolume", """
                        metadata: {name: pv-1, %s}
                        spec: {persistentVolumeReclaimPolicy: Retain}
                        status: {phase: Failed, reason: Recycler}
                        """.formatted(created),
                        List.of("pv-1", "0", "", "Retain", "Failed", "", "", "<unset>", "Recycler", "24h", "<unset>")),
                new Case("the default storage class with defaults", "storage.k8s.io", "StorageClass", """
                        metadata: {name: standard, %s, annotations: {storageclass.kubernetes.io/is-default-class: 'true'}}
                        provisioner: rancher.io/local-path
                        """.formatted(created),
                        List.of("standard (default)", "rancher.io/local-path", "Delete", "Immediate", false, "24h")),
                new Case("a storage class with every field", "storage.k8s.io", "StorageClass", """
                        metadata: {name: fast, %s}
                        provisioner: ebs.csi.aws.com
                        reclaimPolicy: Retain
                        volumeBindingMode: WaitForFirstConsumer
                        allowVolumeExpansion: true
                        """.formatted(created),
                        List.of("fast", "ebs.csi.aws.com", "Retain", "WaitForFirstConsumer", true, "24h")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void printsStorageKinds(Case c) {
        assertThat(BuiltinPrinters.forKind(c.group(), c.kind()).cells(yaml(c.yaml()), NOW)).isEqualTo(c.cells());
    }
}
