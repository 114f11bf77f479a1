package dev.tugboat.api.patch.apply;

import static dev.tugboat.api.patch.TestJson.json;
import static dev.tugboat.api.patch.TestJson.obj;
import static dev.tugboat.api.patch.apply.ManagedFieldsEntry.Operation.APPLY;
import static dev.tugboat.api.patch.apply.ManagedFieldsEntry.Operation.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.errors.Status;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.TestSchemas;
import dev.tugboat.api.patch.fieldpath.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server-side apply table (A) of patch-apply-facts §5. */
class FieldManagerApplyTest {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(60);
    static final Instant T2 = T0.plusSeconds(120);

    static final String DEPLOYMENT = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web',"
            + "'namespace':'default','labels':{'app':'web'}},'spec':{'replicas':3,'selector':{'matchLabels':{'app':'web'}},"
            + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'nginx','image':'nginx',"
            + "'ports':[{'containerPort':80,'protocol':'TCP'}]}]}}}}";

    static final String DEPLOYMENT_FIELDS = "{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:replicas':{},"
            + "'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:containers':"
            + "{'k:{\\'name\\':\\'nginx\\'}':{'.':{},'f:image':{},'f:name':{},'f:ports':{'k:{\\'containerPort\\':80,"
            + "\\'protocol\\':\\'TCP\\'}':{'.':{},'f:containerPort':{},'f:protocol':{}}}}}}}}}";

    final Server deployments = new Server(TestSchemas.DEPLOYMENT, TestSchemas.gvk("apps", "v1", "Deployment"),
            ResetFields.STATUS);
    final Server configMaps = new Server(TestSchemas.CONFIG_MAP, TestSchemas.gvk("", "v1", "ConfigMap"),
            ResetFields.NONE);
    final Server widgets = new Server(TestSchemas.WIDGET, TestSchemas.gvk("example.com", "v1", "Widget"),
            ResetFields.STATUS);

    static String deploymentWith(String spec) {
        return "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default'},'spec':"
                + spec + "}";
    }

    ObjectNode a1() {
        return deployments.apply(null, DEPLOYMENT, "kubectl", false, T0);
    }

    @Test
    void a1CreateOnApplyRecordsOneApplyEntryOwningExactlyTheConfiguredFields() {
        ObjectNode created = a1();

        List<ManagedFieldsEntry> entries = Server.entries(created);
        assertThat(entries).hasSize(1);
        ManagedFieldsEntry e = entries.getFirst();
        assertThat(e.manager()).isEqualTo("kubectl");
        assertThat(e.operation()).isEqualTo(APPLY);
        assertThat(e.apiVersion()).isEqualTo("apps/v1");
        assertThat(e.time()).isEqualTo(T0);
        assertThat(Server.fieldsOf(created, "kubectl", APPLY)).isEqualTo(DEPLOYMENT_FIELDS);
        assertThat(created.path("spec").path("progressDeadlineSeconds").asInt()).as("defaulted").isEqualTo(600);
        assertThat(created.path("metadata").path("managedFields").get(0).toString()).isEqualTo(
                "{\"manager\":\"kubectl\",\"operation\":\"Apply\",\"apiVersion\":\"apps/v1\",\"time\":\"2024-05-01T10:00:00Z\","
                        + "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":" + DEPLOYMENT_FIELDS.replace('\'', '"') + "}");
    }

    @Test
    void a2ApplyingTheSameBodyAgainChangesNothing() {
        ObjectNode live = a1();

        ApplyResult r = deployments.fields.apply(live, obj(DEPLOYMENT),
                new ApplyRequest("kubectl", deployments.gvk, "", false, T1, ResetFields.STATUS));

        assertThat(r.unchanged()).isTrue();
        assertThat(Server.entry(r.object(), "kubectl", APPLY).time()).isEqualTo(T0);
    }

    @Test
    void a5AnotherManagerChangingAnOwnedFieldConflicts() {
        ObjectNode live = a1();

        assertThatThrownBy(() -> deployments.apply(live, deploymentWith("{'replicas':5}"), "other", false, T1))
                .isInstanceOfSatisfying(ApiException.Conflict.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas");
                    Status s = e.status();
                    assertThat(s.code()).isEqualTo(409);
                    assertThat(s.reason()).isEqualTo("Conflict");
                    assertThat(s.details().causes()).containsExactly(
                            new Status.Cause("FieldManagerConflict", "conflict with \"kubectl\"", ".spec.replicas"));
                    assertThat(s.toJson().path("details").toString()).isEqualTo("{\"causes\":[{\"reason\":"
                            + "\"FieldManagerConflict\",\"message\":\"conflict with \\\"kubectl\\\"\",\"field\":\".spec.replicas\"}]}");
                });
    }

    @Test
    void a6ApplyingAnEqualValueMakesACoOwnerAndOnlyManagedFieldsChange() {
        ObjectNode live = a1();

        ApplyResult r = deployments.fields.apply(live, obj(deploymentWith("{'replicas':3}")),
                new ApplyRequest("other", deployments.gvk, "", false, T1, ResetFields.STATUS));

        assertThat(r.objectChanged()).isFalse();
        assertThat(r.managedFieldsChanged()).isTrue();
        assertThat(Server.fieldsOf(r.object(), "other", APPLY)).isEqualTo("{'f:spec':{'f:replicas':{}}}");
        assertThat(Server.entry(r.object(), "other", APPLY).time()).as("no change, no time").isNull();
        assertThat(Server.entry(r.object(), "kubectl", APPLY).fields().has(Path.fields("spec", "replicas"))).isTrue();
    }

    @Test
    void a7ForceTakesOwnershipFromTheOtherManager() {
        ObjectNode forced = deployments.apply(a1(), deploymentWith("{'replicas':5}"), "other", true, T1);

        assertThat(forced.path("spec").path("replicas").asInt()).isEqualTo(5);
        assertThat(Server.entry(forced, "other", APPLY).fields().has(Path.fields("spec", "replicas"))).isTrue();
        assertThat(Server.entry(forced, "other", APPLY).time()).isEqualTo(T1);
        assertThat(Server.entry(forced, "kubectl", APPLY).fields().has(Path.fields("spec", "replicas"))).isFalse();
    }

    @Test
    void a8DroppingASoleOwnedFieldRemovesItAndDefaultingRefillsIt() {
        ObjectNode applied = deployments.apply(a1(), DEPLOYMENT.replace("'replicas':3,", ""), "kubectl", false, T1);

        assertThat(applied.path("spec").path("replicas").asInt()).as("re-defaulted").isEqualTo(1);
        assertThat(Server.entries(applied)).allSatisfy(e -> assertThat(e.fields().has(Path.fields("spec", "replicas")))
                .isFalse());
    }

    @Test
    void a9DroppingACoOwnedFieldKeepsItAndLeavesTheOtherOwner() {
        ObjectNode coOwned = deployments.apply(a1(), deploymentWith("{'replicas':3}"), "other", false, T1);

        ObjectNode applied = deployments.apply(coOwned, DEPLOYMENT.replace("'replicas':3,", ""), "kubectl", false, T2);

        assertThat(applied.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(Server.entry(applied, "kubectl", APPLY).fields().has(Path.fields("spec", "replicas"))).isFalse();
        assertThat(Server.entry(applied, "other", APPLY).fields().has(Path.fields("spec", "replicas"))).isTrue();
    }

    @Test
    void a10ItemsOwnedByAnotherApplierSurviveAndNewItemsKeepTheirPlace() {
        ObjectNode withSide = deployments.apply(a1(),
                deploymentWith("{'template':{'spec':{'containers':[{'name':'side','image':'s'}]}}}"), "other", false, T1);

        ObjectNode applied = deployments.apply(withSide, DEPLOYMENT.replace("'protocol':'TCP'}]}]",
                "'protocol':'TCP'}]},{'name':'extra','image':'e'}]"), "kubectl", false, T2);

        assertThat(names(applied)).containsExactly("nginx", "side", "extra");
    }

    static List<String> names(JsonNode obj) {
        List<String> out = new java.util.ArrayList<>();
        obj.path("spec").path("template").path("spec").path("containers").forEach(c -> out.add(c.path("name").asText()));
        return out;
    }

    @Test
    void a11AtomicListsConflictAsAWhole() {
        ObjectNode live = deployments.apply(null, DEPLOYMENT.replace("'image':'nginx',", "'image':'nginx','args':['a','b'],"),
                "kubectl", false, T0);

        assertThatThrownBy(() -> deployments.apply(live,
                deploymentWith("{'template':{'spec':{'containers':[{'name':'nginx','args':['c']}]}}}"), "other", false, T1))
                .isInstanceOf(ApiException.Conflict.class)
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl\": "
                        + ".spec.template.spec.containers[name=\"nginx\"].args");
    }

    @Test
    void a12AnEditByAnUpdateManagerTakesTheFieldAndReapplyingConflictsWithIt() {
        ObjectNode live = a1();
        ObjectNode edited = live.deepCopy();
        ((ObjectNode) edited.at("/spec/template/spec/containers/0")).put("image", "nginx:2");
        ObjectNode afterEdit = deployments.update(live, edited, "kubectl-edit", T1);

        assertThat(Server.fieldsOf(afterEdit, "kubectl-edit", UPDATE)).isEqualTo("{'f:spec':{'f:template':{'f:spec':"
                + "{'f:containers':{'k:{\\'name\\':\\'nginx\\'}':{'f:image':{}}}}}}}");
        assertThatThrownBy(() -> deployments.apply(afterEdit, DEPLOYMENT, "kubectl", false, T2))
                .isInstanceOf(ApiException.Conflict.class)
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: "
                        + ".spec.template.spec.containers[name=\"nginx\"].image");
    }

    static final String CONFIG_MAP = "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','namespace':'default'},"
            + "'data':{'a':'%s'}}";

    @Test
    void a13AnUntrackedObjectIsAttributedToBeforeFirstApply() {
        ObjectNode live = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','namespace':'default',"
                + "'uid':'u1','resourceVersion':'5'},'data':{'a':'1'}}");

        assertThatThrownBy(() -> configMaps.apply(live, CONFIG_MAP.formatted("2"), "x", false, T1))
                .isInstanceOf(ApiException.Conflict.class)
                .hasMessage("Apply failed with 1 conflict: conflict with \"before-first-apply\" using v1: .data.a");
        ObjectNode forced = configMaps.apply(live, CONFIG_MAP.formatted("2"), "x", true, T1);
        assertThat(Server.entries(forced)).extracting(ManagedFieldsEntry::manager)
                .containsExactly("x", "before-first-apply");
    }

    ObjectNode clientSideApplied() {
        ObjectNode created = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','namespace':'default',"
                + "'annotations':{'kubectl.kubernetes.io/last-applied-configuration':''}},'data':{'a':'1'}}");
        ((ObjectNode) created.at("/metadata/annotations")).put(LastApplied.ANNOTATION,
                "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"1\"},\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{},"
                        + "\"name\":\"c\",\"namespace\":\"default\"}}\n");
        return configMaps.update(null, created, "kubectl-client-side-apply", T0);
    }

    @Test
    void clientSideApplyCreatesAnUpdateEntryOwningEverythingWithDotMarkers() {
        assertThat(Server.fieldsOf(clientSideApplied(), "kubectl-client-side-apply", UPDATE)).isEqualTo(
                "{'f:data':{'.':{},'f:a':{}},'f:metadata':{'f:annotations':{'.':{},"
                        + "'f:kubectl.kubernetes.io/last-applied-configuration':{}}}}");
    }

    @Test
    void a14KubectlServerSideApplyIsForgivenConflictsWithItsClientSideApply() {
        ObjectNode applied = configMaps.apply(clientSideApplied(), CONFIG_MAP.formatted("2"), "kubectl", false, T1);

        assertThat(applied.at("/data/a").asText()).isEqualTo("2");
        assertThat(Server.entry(applied, "kubectl", APPLY).fields().has(Path.fields("data", "a"))).isTrue();
        assertThat(Server.entry(applied, "kubectl-client-side-apply", UPDATE).fields().has(Path.fields("data", "a")))
                .isFalse();
        assertThat(applied.at("/metadata/annotations").get(LastApplied.ANNOTATION).asText()).isEqualTo(
                "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"2\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\","
                        + "\"namespace\":\"default\"}}\n");
    }

    @Test
    void a15AnyOtherManagerConflictsWithClientSideApply() {
        ObjectNode live = clientSideApplied();

        assertThatThrownBy(() -> configMaps.apply(live, CONFIG_MAP.formatted("2"), "helm", false, T1))
                .isInstanceOf(ApiException.Conflict.class)
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .data.a");
    }

    @Test
    void kubectlIsNotForgivenWhenTheAnnotationNoLongerDescribesLive() {
        ObjectNode live = clientSideApplied();
        ObjectNode drifted = live.deepCopy();
        ((ObjectNode) drifted.get("data")).put("a", "9");
        ObjectNode afterEdit = configMaps.update(live, drifted, "kubectl-client-side-apply", T1);

        assertThatThrownBy(() -> configMaps.apply(afterEdit, CONFIG_MAP.formatted("2"), "kubectl", false, T2))
                .isInstanceOf(ApiException.Conflict.class)
                .hasMessageContaining("kubectl-client-side-apply");
    }

    @Test
    void a19UnknownFieldsFailTheTypedConversion() {
        assertThatThrownBy(() -> deployments.apply(null, deploymentWith("{'foo':1}"), "kubectl", false, T0))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessage("failed to create typed patch object (default/web; apps/v1, Kind=Deployment): "
                        + ".spec.foo: field not declared in schema");
    }

    static String widget(String spec) {
        return "{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w'},'spec':" + spec + "}";
    }

    @Test
    void a20AtomicCustomResourceListsConflictAndForceReplacesThem() {
        ObjectNode live = widgets.apply(null, widget("{'items':['a','b']}"), "x", false, T0);

        assertThatThrownBy(() -> widgets.apply(live, widget("{'items':['c']}"), "y", false, T1))
                .isInstanceOf(ApiException.Conflict.class)
                .hasMessage("Apply failed with 1 conflict: conflict with \"x\": .spec.items");
        ObjectNode forced = widgets.apply(live, widget("{'items':['c']}"), "y", true, T1);
        assertThat(forced.at("/spec/items")).isEqualTo(json("['c']"));
        assertThat(Server.entries(forced)).extracting(ManagedFieldsEntry::manager).containsExactly("y");
    }

    @Test
    void a21SetListsAreSharedItemByItem() {
        ObjectNode live = widgets.apply(null, widget("{'tags':['a']}"), "x", false, T0);

        ObjectNode applied = widgets.apply(live, widget("{'tags':['b']}"), "y", false, T1);

        assertThat(applied.at("/spec/tags")).isEqualTo(json("['a','b']"));
        assertThat(Server.fieldsOf(applied, "x", APPLY)).isEqualTo("{'f:spec':{'f:tags':{'v:\\'a\\'':{}}}}");
        assertThat(Server.fieldsOf(applied, "y", APPLY)).isEqualTo("{'f:spec':{'f:tags':{'v:\\'b\\'':{}}}}");
    }

    @Test
    void a22StatusWritesAreTrackedPerSubresourceAndMainResourceAppliesOwnNoStatus() {
        ObjectNode live = a1();
        ObjectNode withStatus = live.deepCopy();
        withStatus.set("status", json("{'replicas':3,'conditions':[{'type':'Available','status':'True'}]}"));
        ObjectNode afterStatus = deployments.update(live, withStatus, "kube-controller-manager", "status",
                ResetFields.SPEC_AND_LABELS, T1);

        ManagedFieldsEntry status = Server.entry(afterStatus, "kube-controller-manager", UPDATE);
        assertThat(status.subresource()).isEqualTo("status");
        assertThat(Json.string(dev.tugboat.api.patch.fieldpath.FieldsV1.encode(status.fields()))).isEqualTo(
                "{\"f:status\":{\".\":{},\"f:conditions\":{\".\":{},\"k:{\\\"type\\\":\\\"Available\\\"}\":{\".\":{},"
                        + "\"f:status\":{},\"f:type\":{}}},\"f:replicas\":{}}}");

        String withStatusConfig = DEPLOYMENT.substring(0, DEPLOYMENT.length() - 1) + ",'status':{'replicas':9}}";
        ObjectNode applied = deployments.apply(afterStatus, withStatusConfig, "kubectl", false, T2);
        assertThat(applied.get("status")).isEqualTo(afterStatus.get("status"));
        assertThat(applied.get("spec")).isEqualTo(afterStatus.get("spec"));
        assertThat(Server.fieldsOf(applied, "kubectl", APPLY)).isEqualTo(DEPLOYMENT_FIELDS);
        assertThat(Server.fieldsOf(applied, "kube-controller-manager", UPDATE)).startsWith("{'f:status':");
    }

    @Test
    void a26AConfigWithOnlyTheNameCreatesNoEntry() {
        ObjectNode live = a1();

        ApplyResult r = deployments.fields.apply(live, obj(deploymentWith("{}").replace(",'spec':{}", "")),
                new ApplyRequest("other", deployments.gvk, "", false, T1, ResetFields.STATUS));

        assertThat(r.unchanged()).isTrue();
        assertThat(Server.entries(r.object())).extracting(ManagedFieldsEntry::manager).containsExactly("kubectl");
    }

    @Test
    void a27APortWithoutProtocolIsTheDefaultedItemButOwnsNoProtocol() {
        ObjectNode live = a1();

        ObjectNode applied = deployments.apply(live, DEPLOYMENT.replace(",'protocol':'TCP'", ""), "kubectl", false, T1);

        assertThat(applied.at("/spec/template/spec/containers/0/ports")).as("re-defaulted").isEqualTo(
                json("[{'containerPort':80,'protocol':'TCP'}]"));
        String ports = "'f:ports':{'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:containerPort':{}}}";
        assertThat(Server.fieldsOf(applied, "kubectl", APPLY)).contains(ports);
    }

    @Test
    void a28DuplicateItemsInAConfigurationAreRejected() {
        assertThatThrownBy(() -> deployments.apply(a1(),
                deploymentWith("{'template':{'spec':{'containers':[{'name':'x'},{'name':'x'}]}}}"), "kubectl", false, T1))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining("duplicate entries for key [name=\"x\"]");
    }

    @Test
    void severalConflictsAreGroupedByManager() {
        ObjectNode live = a1();
        ObjectNode edited = live.deepCopy();
        ((ObjectNode) edited.get("spec")).put("paused", true);
        ObjectNode afterEdit = deployments.update(live, edited, "kubectl-edit", T1);

        assertThatThrownBy(() -> deployments.apply(afterEdit, deploymentWith("{'replicas':5,'paused':false,"
                + "'template':{'metadata':{'labels':{'app':'x'}}}}"), "other", false, T2))
                .isInstanceOfSatisfying(ApiException.Conflict.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Apply failed with 3 conflicts: conflicts with \"kubectl\":\n"
                            + "- .spec.replicas\n- .spec.template.metadata.labels.app\n"
                            + "conflicts with \"kubectl-edit\" using apps/v1:\n- .spec.paused");
                    assertThat(e.status().details().causes()).hasSize(3);
                });
    }

    @Test
    void prunedItemsTakeFieldsOthersOwnedInsideThemAlong() {
        ObjectNode live = a1();
        ObjectNode edited = live.deepCopy();
        ((ObjectNode) edited.at("/spec/template/spec/containers/0")).put("imagePullPolicy", "Always");
        ObjectNode afterEdit = deployments.update(live, edited, "kubectl-edit", T1);

        ObjectNode applied = deployments.apply(afterEdit, DEPLOYMENT.replace("'name':'nginx'", "'name':'other'"),
                "kubectl", false, T2);

        assertThat(names(applied)).containsExactly("other");
        assertThat(Server.entries(applied)).extracting(ManagedFieldsEntry::manager).containsExactly("kubectl");
    }

    @Test
    void applyingOnASubresourceUsesItsOwnEntry() {
        ObjectNode live = a1();

        ApplyResult r = deployments.fields.apply(live, obj(deploymentWith("{}").replace("'spec':{}", "'status':{'replicas':2}")),
                new ApplyRequest("ctl", deployments.gvk, "status", false, T1, ResetFields.SPEC_AND_LABELS));

        ManagedFieldsEntry e = Server.entry(r.object(), "ctl", APPLY);
        assertThat(e.subresource()).isEqualTo("status");
        assertThat(r.object().at("/status/replicas").asInt()).isEqualTo(2);
    }
}
