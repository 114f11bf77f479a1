package dev.tugboat.api.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SelectableFieldsTest {

    static JsonNode json(String s) {
        try {
            return Json.parse(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final JsonNode POD = json("""
            {'metadata':{'name':'web','namespace':'shop'},
             'spec':{'nodeName':'n1','restartPolicy':'Always','schedulerName':'default-scheduler',
                     'serviceAccountName':'sa','hostNetwork':true},
             'status':{'phase':'Running','podIP':'10.0.0.9','podIPs':[{'ip':'10.0.0.9'},{'ip':'fd00::9'}],
                       'nominatedNodeName':'n2'}}
            """);
    private static final JsonNode CORE_EVENT = json("""
            {'metadata':{'name':'web.1','namespace':'shop'},'reason':'Pulled','type':'Normal',
             'involvedObject':{'kind':'Pod','namespace':'shop','name':'web','uid':'u1','apiVersion':'v1',
                               'resourceVersion':'7','fieldPath':'spec.containers{app}'},
             'source':{'component':'kubelet','host':'n1'},'reportingComponent':'kubelet'}
            """);
    private static final JsonNode NEW_EVENT = json("""
            {'metadata':{'name':'web.2','namespace':'shop'},'reason':'Scheduled','type':'Normal',
             'regarding':{'kind':'Pod','namespace':'shop','name':'web','uid':'u1'},
             'reportingController':'default-scheduler'}
            """);

    record Case(String name, String group, String kind, JsonNode obj, String selector, boolean matches) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("pods by node", "", "Pod", POD, "spec.nodeName=n1", true),
                new Case("pods by the legacy spec.host", "", "Pod", POD, "spec.host=n1", true),
                new Case("pods by phase", "", "Pod", POD, "status.phase!=Succeeded,status.phase!=Failed", true),
                new Case("pods by first IP", "", "Pod", POD, "status.podIP=10.0.0.9", true),
                new Case("pods by host network", "", "Pod", POD, "spec.hostNetwork=true", true),
                new Case("pods by restart policy", "", "Pod", POD, "spec.restartPolicy=Never", false),
                new Case("pods by scheduler", "", "Pod", POD, "spec.schedulerName=default-scheduler", true),
                new Case("pods by service account", "", "Pod", POD, "spec.serviceAccountName=sa", true),
                new Case("pods by nominated node", "", "Pod", POD, "status.nominatedNodeName=n2", true),
                new Case("pods by namespace", "", "Pod", POD, "metadata.namespace=shop,metadata.name=web", true),
                new Case("a pod without hostNetwork reads false", "", "Pod",
                        json("{'metadata':{'name':'x'}}"), "spec.hostNetwork=false", true),
                new Case("nodes by schedulability", "", "Node",
                        json("{'metadata':{'name':'n1'},'spec':{'unschedulable':true}}"), "spec.unschedulable=true", true),
                new Case("namespaces by phase", "", "Namespace",
                        json("{'metadata':{'name':'a'},'status':{'phase':'Terminating'}}"), "status.phase=Active", false),
                new Case("secrets by type", "", "Secret",
                        json("{'metadata':{'name':'s'},'type':'kubernetes.io/tls'}"), "type=kubernetes.io/tls", true),
                new Case("services by type and cluster IP", "", "Service",
                        json("{'metadata':{'name':'s'},'spec':{'type':'NodePort','clusterIP':'10.96.0.5'}}"),
                        "spec.type=NodePort,spec.clusterIP=10.96.0.5", true),
                new Case("replication controllers by replicas", "", "ReplicationController",
                        json("{'metadata':{'name':'rc'},'status':{'replicas':2}}"), "status.replicas=2", true),
                new Case("replica sets by replicas", "apps", "ReplicaSet",
                        json("{'metadata':{'name':'rs'},'status':{'replicas':0}}"), "status.replicas=0", true),
                new Case("jobs by successes", "batch", "Job",
                        json("{'metadata':{'name':'j'},'status':{'succeeded':1}}"), "status.successful=1", true),
                new Case("a job without successes counts zero", "batch", "Job",
                        json("{'metadata':{'name':'j'}}"), "status.successful=0", true),
                new Case("CSRs by signer", "certificates.k8s.io", "CertificateSigningRequest",
                        json("{'metadata':{'name':'c'},'spec':{'signerName':'kubernetes.io/kubelet-serving'}}"),
                        "spec.signerName=kubernetes.io/kubelet-serving", true),
                new Case("core events by involved object", "", "Event", CORE_EVENT,
                        "involvedObject.kind=Pod,involvedObject.name=web,involvedObject.namespace=shop,"
                                + "involvedObject.uid=u1", true),
                new Case("core events by field path and version", "", "Event", CORE_EVENT,
                        "involvedObject.fieldPath=spec.containers{app},involvedObject.resourceVersion=7", true),
                new Case("core events by source and reason", "", "Event", CORE_EVENT,
                        "source=kubelet,reason=Pulled,type=Normal,reportingComponent=kubelet", true),
                new Case("events.k8s.io events by regarding", "events.k8s.io", "Event", NEW_EVENT,
                        "regarding.kind=Pod,regarding.name=web,reportingController=default-scheduler", true),
                new Case("events.k8s.io source falls back to the reporting controller", "events.k8s.io", "Event",
                        NEW_EVENT, "source=default-scheduler", true),
                new Case("config maps by name", "", "ConfigMap",
                        json("{'metadata':{'name':'cm','namespace':'a'}}"), "metadata.name=cm,metadata.namespace=b",
                        false),
                new Case("cluster-scoped objects have an empty namespace", "rbac.authorization.k8s.io",
                        "ClusterRole", json("{'metadata':{'name':'admin'}}"), "metadata.namespace=", true));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void selectsObjectsByTheirKindsFields(Case c) {
        SelectableFields fields = SelectableFields.forKind(c.group(), c.kind());
        FieldSelector converted = fields.convert(FieldSelector.parse(c.selector()));
        assertThat(fields.matches(converted, c.obj())).isEqualTo(c.matches());
    }

    record Rejected(String group, String kind, String selector, String message) {
        @Override
        public String toString() {
            return group + "/" + kind + " " + selector;
        }
    }

    static Stream<Rejected> rejected() {
        return Stream.of(
                new Rejected("", "Pod", "spec.foo=x", "field label not supported: spec.foo"),
                new Rejected("", "Node", "metadata.namespace=x", "field label not supported: metadata.namespace"),
                new Rejected("", "Event", "regarding.kind=Pod", "field label not supported: regarding.kind"),
                new Rejected("events.k8s.io", "Event", "involvedObject.kind=Pod",
                        "field label not supported: involvedObject.kind"),
                new Rejected("batch", "Job", "status.active=1",
                        "field label \"status.active\" not supported for batchv1.Job"),
                new Rejected("networking.k8s.io", "Ingress", "foo.bar=baz",
                        "\"foo.bar\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""),
                new Rejected("apps", "Deployment", "status.replicas=1",
                        "\"status.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectsUnsupportedFieldsWithUpstreamMessages(Rejected c) {
        SelectableFields fields = SelectableFields.forKind(c.group(), c.kind());
        assertThatThrownBy(() -> fields.convert(FieldSelector.parse(c.selector())))
                .isInstanceOf(InvalidFieldSelectorException.class)
                .hasMessage(c.message());
    }

    @Test
    void mapsEventsApiLabelsToTheCoreNames() {
        SelectableFields fields = SelectableFields.forKind("events.k8s.io", "Event");
        assertThat(fields.convert(FieldSelector.parse("regarding.name=web,reportingController=x")))
                .hasToString("involvedObject.name=web,reportingComponent=x");
        assertThat(fields.supportedLabels()).contains("regarding.uid", "reason", "type", "source");
    }

    @Test
    void listsSupportedLabels() {
        assertThat(SelectableFields.forKind("", "Pod").supportedLabels()).contains("spec.nodeName",
                "status.podIPs", "spec.host");
        assertThat(SelectableFields.forKind("", "ConfigMap").supportedLabels())
                .containsExactly("metadata.name", "metadata.namespace");
        assertThat(SelectableFields.forKind("", "Pod").fields(POD)).containsEntry("status.podIP", "10.0.0.9")
                .containsEntry("metadata.namespace", "shop");
    }

    @Test
    void selectsCustomResourcesByTheirDeclaredPaths() {
        SelectableFields fields = SelectableFields.forCustomResource(List.of(".spec.color", ".spec.size", ".spec.on"));
        JsonNode obj = json("{'metadata':{'name':'w'},'spec':{'color':'blue','size':3,'on':true}}");
        assertThat(fields.fields(obj)).containsEntry("spec.color", "blue").containsEntry("spec.size", "3")
                .containsEntry("spec.on", "true");
        assertThat(fields.matches(fields.convert(FieldSelector.parse("spec.color=blue,spec.size!=4")), obj)).isTrue();
        assertThat(fields.matches(fields.convert(FieldSelector.parse("spec.color=")),
                json("{'metadata':{'name':'v'}}"))).isTrue();
        assertThatThrownBy(() -> fields.convert(FieldSelector.parse("spec.shape=round")))
                .hasMessage("field label not supported: spec.shape");
    }
}
