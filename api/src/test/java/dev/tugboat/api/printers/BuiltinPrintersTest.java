package dev.tugboat.api.printers;

import static dev.tugboat.api.printers.TestObjects.NOW;
import static dev.tugboat.api.printers.TestObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinPrintersTest {

    record Kind(String group, String kind, List<String> columns) {
        @Override
        public String toString() {
            return group + "/" + kind;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind("", "Pod", List.of("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node",
                        "Readiness Gates")),
                new Kind("", "Node", List.of("Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP",
                        "OS-Image", "Kernel-Version", "Container-Runtime")),
                new Kind("", "Namespace", List.of("Name", "Status", "Age")),
                new Kind("", "Service", List.of("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector")),
                new Kind("", "Endpoints", List.of("Name", "Endpoints", "Age")),
                new Kind("discovery.k8s.io", "EndpointSlice", List.of("Name", "AddressType", "Ports", "Endpoints", "Age")),
                new Kind("", "ConfigMap", List.of("Name", "Data", "Age")),
                new Kind("", "Secret", List.of("Name", "Type", "Data", "Age")),
                new Kind("", "ServiceAccount", List.of("Name", "Secrets", "Age")),
                new Kind("apps", "Deployment", List.of("Name", "Ready", "Up-to-date", "Available", "Age", "Containers",
                        "Images", "Selector")),
                new Kind("apps", "ReplicaSet", List.of("Name", "Desired", "Current", "Ready", "Age", "Containers",
                        "Images", "Selector")),
                new Kind("", "ReplicationController", List.of("Name", "Desired", "Current", "Ready", "Age", "Containers",
                        "Images", "Selector")),
                new Kind("apps", "StatefulSet", List.of("Name", "Ready", "Age", "Containers", "Images")),
                new Kind("apps", "DaemonSet", List.of("Name", "Desired", "Current", "Ready", "Up-to-date", "Available",
                        "Node Selector", "Age", "Containers", "Images", "Selector")),
                new Kind("batch", "Job", List.of("Name", "Status", "Completions", "Duration", "Age", "Containers", "Images",
                        "Selector")),
                new Kind("batch", "CronJob", List.of("Name", "Schedule", "Timezone", "Suspend", "Active",
                        "Last Schedule", "Age", "Containers", "Images", "Selector")),
                new Kind("autoscaling", "HorizontalPodAutoscaler", List.of("Name", "Reference", "Targets", "MinPods",
                        "MaxPods", "Replicas", "Age")),
                new Kind("", "PersistentVolumeClaim", List.of("Name", "Status", "Volume", "Capacity", "Access Modes",
                        "StorageClass", "VolumeAttributesClass", "Age", "VolumeMode")),
                new Kind("", "PersistentVolume", List.of("Name", "Capacity", "Access Modes", "Reclaim Policy", "Status",
                        "Claim", "StorageClass", "VolumeAttributesClass", "Reason", "Age", "VolumeMode")),
                new Kind("storage.k8s.io", "StorageClass", List.of("Name", "Provisioner", "ReclaimPolicy",
                        "VolumeBindingMode", "AllowVolumeExpansion", "Age")),
                new Kind("networking.k8s.io", "Ingress", List.of("Name", "Class", "Hosts", "Address", "Ports", "Age")),
                new Kind("networking.k8s.io", "IngressClass", List.of("Name", "Controller", "Parameters", "Age")),
                new Kind("networking.k8s.io", "NetworkPolicy", List.of("Name", "Pod-Selector", "Age")),
                new Kind("", "Event", List.of("Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message",
                        "First Seen", "Count", "Name")),
                new Kind("events.k8s.io", "Event", List.of("Last Seen", "Type", "Reason", "Object", "Subobject", "Source",
                        "Message", "First Seen", "Count", "Name")),
                new Kind("coordination.k8s.io", "Lease", List.of("Name", "Holder", "Age")),
                new Kind("scheduling.k8s.io", "PriorityClass", List.of("Name", "Value", "Global-Default", "Age",
                        "PreemptionPolicy")),
                new Kind("policy", "PodDisruptionBudget", List.of("Name", "Min Available", "Max Unavailable",
                        "Allowed Disruptions", "Age")),
                new Kind("", "ResourceQuota", List.of("Name", "Request", "Limit", "Age")),
                new Kind("rbac.authorization.k8s.io", "RoleBinding", List.of("Name", "Role", "Age", "Users", "Groups",
                        "ServiceAccounts")),
                new Kind("rbac.authorization.k8s.io", "ClusterRoleBinding", List.of("Name", "Role", "Age", "Users",
                        "Groups", "ServiceAccounts")),
                new Kind("apps", "ControllerRevision", List.of("Name", "Controller", "Revision", "Age")),
                new Kind("certificates.k8s.io", "CertificateSigningRequest", List.of("Name", "Age", "SignerName",
                        "Requestor", "RequestedDuration", "Condition")),
                new Kind("", "PodTemplate", List.of("Name", "Containers", "Images", "Pod Labels")),
                new Kind("node.k8s.io", "RuntimeClass", List.of("Name", "Handler", "Age")),
                new Kind("admissionregistration.k8s.io", "MutatingWebhookConfiguration",
                        List.of("Name", "Webhooks", "Age")),
                new Kind("rbac.authorization.k8s.io", "Role", List.of("Name", "Created At")),
                new Kind("rbac.authorization.k8s.io", "ClusterRole", List.of("Name", "Created At")),
                new Kind("", "LimitRange", List.of("Name", "Created At")),
                new Kind("apiextensions.k8s.io", "CustomResourceDefinition", List.of("Name", "Created At")),
                new Kind("example.com", "Unknown", List.of("Name", "Created At")));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void definesTheUpstreamColumns(Kind k) {
        assertThat(BuiltinPrinters.forKind(k.group(), k.kind()).columns()).extracting(Column::name)
                .isEqualTo(k.columns());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void printsOneNonNullCellPerColumnEvenForABareObject(Kind k) {
        TablePrinter printer = BuiltinPrinters.forKind(k.group(), k.kind());
        JsonNode bare = yaml("metadata: {name: bare}");
        for (boolean wide : new boolean[] {false, true}) {
            List<Object> cells = printer.cells(bare, NOW, wide);
            assertThat(cells).hasSameSizeAs(printer.columns()).doesNotContainNull();
            assertThat(cells).allSatisfy(c -> assertThat(c).isInstanceOfAny(String.class, Long.class, Boolean.class,
                    Double.class));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void marksTheNameColumnAndOnlyWideColumnsAsPriorityOne(Kind k) {
        List<Column> columns = BuiltinPrinters.forKind(k.group(), k.kind()).columns();
        assertThat(columns).filteredOn(c -> c.name().equals("Name")).singleElement()
                .satisfies(c -> assertThat(c.format()).isEqualTo("name"));
        assertThat(columns).filteredOn(c -> c.priority() == 1).extracting(Column::name)
                .isSubsetOf("IP", "Node", "Nominated Node", "Readiness Gates", "Internal-IP", "External-IP", "OS-Image",
                        "Kernel-Version", "Container-Runtime", "Selector", "Containers", "Images", "VolumeMode",
                        "Subobject", "Source", "First Seen", "Count", "Name", "PreemptionPolicy", "Users", "Groups",
                        "ServiceAccounts");
    }

    @Test
    void printsTheCreationTimeForKindsWithoutAPrinter() {
        TablePrinter printer = BuiltinPrinters.forKind("rbac.authorization.k8s.io", "Role");
        assertThat(printer.columns().get(1).type()).isEqualTo("date");
        assertThat(printer.cells(yaml("metadata: {name: r, creationTimestamp: '2024-04-01T08:30:00+02:00'}"), NOW))
                .containsExactly("r", "2024-04-01T06:30:00Z");
        assertThat(printer.cells(yaml("metadata: {name: r}"), NOW)).containsExactly("r", "0001-01-01T00:00:00Z");
    }

    @Test
    void printsAgesAsUnknownOrInvalid() {
        TablePrinter printer = BuiltinPrinters.forKind("", "ConfigMap");
        assertThat(printer.cells(yaml("metadata: {name: c}"), NOW).get(2)).isEqualTo("<unknown>");
        assertThat(printer.cells(yaml("metadata: {name: c, creationTimestamp: '2024-05-01T12:00:05Z'}"), NOW).get(2))
                .isEqualTo("<invalid>");
        assertThat(printer.cells(yaml("metadata: {name: c, creationTimestamp: '2024-05-01T12:00:01Z'}"), NOW).get(2))
                .isEqualTo("0s");
    }
}
