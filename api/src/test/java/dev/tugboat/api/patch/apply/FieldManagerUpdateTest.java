package dev.tugboat.api.patch.apply;

import static dev.tugboat.api.patch.TestJson.json;
import static dev.tugboat.api.patch.TestJson.obj;
import static dev.tugboat.api.patch.apply.ManagedFieldsEntry.Operation.APPLY;
import static dev.tugboat.api.patch.apply.ManagedFieldsEntry.Operation.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.TestSchemas;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.fieldpath.Path;
import dev.tugboat.api.patch.merge.MergePatch;
import dev.tugboat.api.patch.strategic.StrategicMergePatch;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** managedFields tracking of non-apply writes (patch-apply-facts §2.7, S21, A23–A25). */
class FieldManagerUpdateTest {

    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    final Server configMaps = new Server(TestSchemas.CONFIG_MAP, TestSchemas.gvk("", "v1", "ConfigMap"), ResetFields.NONE);

    static ObjectNode configMap(String data) {
        return obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','namespace':'default'},'data':" + data + "}");
    }

    static Instant t(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    @Test
    void s21APatchByAnotherManagerMovesTheChangedFieldToIt() {
        ObjectNode live = configMaps.update(null, configMap("{'a':'1','b':'2'}"), "kubectl-create", t(0));
        ObjectNode patched = new StrategicMergePatch(TestSchemas.CONFIG_MAP).apply(live, json("{'data':{'a':'9'}}"));

        ObjectNode after = configMaps.update(live, patched, "kubectl-patch", t(1));

        assertThat(Server.fieldsOf(after, "kubectl-patch", UPDATE)).isEqualTo("{'f:data':{'f:a':{}}}");
        assertThat(Server.entry(after, "kubectl-patch", UPDATE).time()).isEqualTo(t(1));
        assertThat(Server.fieldsOf(after, "kubectl-create", UPDATE)).isEqualTo("{'f:data':{'.':{},'f:b':{}}}");
        assertThat(Server.entry(after, "kubectl-create", UPDATE).time()).as("untouched entry keeps its time")
                .isEqualTo(t(0));
    }

    @Test
    void removedFieldsLeaveEveryManager() {
        ObjectNode live = configMaps.update(null, configMap("{'a':'1','b':'2'}"), "creator", t(0));
        ObjectNode without = live.deepCopy();
        ((ObjectNode) without.get("data")).remove("a");

        ObjectNode after = configMaps.update(live, without, "remover", t(1));

        assertThat(Server.fieldsOf(after, "creator", UPDATE)).isEqualTo("{'f:data':{'.':{},'f:b':{}}}");
        assertThat(Server.entries(after)).extracting(ManagedFieldsEntry::manager).containsExactly("creator");
    }

    @Test
    void aWriteThatChangesNothingTouchesNoEntry() {
        ObjectNode live = configMaps.update(null, configMap("{'a':'1'}"), "creator", t(0));

        ObjectNode after = configMaps.update(live, live.deepCopy(), "someone", t(5));

        assertThat(after.at("/metadata/managedFields")).isEqualTo(live.at("/metadata/managedFields"));
    }

    @Test
    void aSecondWriteByTheSameManagerUnionsItsFieldsAndMovesItsTime() {
        ObjectNode live = configMaps.update(null, configMap("{'a':'1'}"), "m", t(0));
        ObjectNode more = live.deepCopy();
        ((ObjectNode) more.get("data")).put("b", "2");

        ObjectNode after = configMaps.update(live, more, "m", t(3));

        assertThat(Server.fieldsOf(after, "m", UPDATE)).isEqualTo("{'f:data':{'.':{},'f:a':{},'f:b':{}}}");
        assertThat(Server.entry(after, "m", UPDATE).time()).isEqualTo(t(3));
    }

    @Test
    void a23MoreThanTenUpdateManagersAreCappedIntoAncientChanges() {
        ObjectNode live = configMaps.update(null, configMap("{'k0':'v'}"), "m00", t(0));
        for (int i = 1; i <= 10; i++) {
            ObjectNode next = live.deepCopy();
            ((ObjectNode) next.get("data")).put("k" + i, "v");
            live = configMaps.update(live, next, "m%02d".formatted(i), t(i));
        }

        List<ManagedFieldsEntry> entries = Server.entries(live);
        assertThat(entries).hasSize(10).allSatisfy(e -> assertThat(e.operation()).isEqualTo(UPDATE));
        ManagedFieldsEntry bucket = Server.entry(live, "ancient-changes", UPDATE);
        assertThat(bucket.apiVersion()).isEqualTo("v1");
        assertThat(bucket.time()).isEqualTo(t(1));
        assertThat(bucket.fields().has(Path.fields("data", "k0"))).isTrue();
        assertThat(bucket.fields().has(Path.fields("data", "k1"))).isTrue();
        assertThat(entries).extracting(ManagedFieldsEntry::manager).doesNotContain("m00", "m01").contains("m02", "m10");
    }

    @Test
    void a24AResetStopsTrackingUntilTheNextApply() {
        ObjectNode live = configMaps.update(null, configMap("{'a':'1'}"), "creator", t(0));
        ObjectNode reset = MergePatch.applyToObject(live, json("{'metadata':{'managedFields':[]}}"));

        ObjectNode afterReset = configMaps.update(live, reset, "kubectl-patch", t(1));
        assertThat(afterReset.at("/metadata").has("managedFields")).isFalse();

        ObjectNode changed = afterReset.deepCopy();
        ((ObjectNode) changed.get("data")).put("a", "2");
        ObjectNode afterPut = configMaps.update(afterReset, changed, "kubectl-replace", t(2));
        assertThat(afterPut.at("/metadata").has("managedFields")).isFalse();

        ObjectNode applied = configMaps.apply(afterPut, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},"
                + "'data':{'b':'3'}}", "x", false, t(3));
        assertThat(Server.entries(applied)).extracting(ManagedFieldsEntry::manager).containsExactly("x", "before-first-apply");
        assertThat(Server.fieldsOf(applied, "before-first-apply", UPDATE)).isEqualTo("{'f:data':{'.':{},'f:a':{}}}");
    }

    @Test
    void aResetWithOneEmptyEntryAlsoCounts() {
        ObjectNode live = configMaps.update(null, configMap("{'a':'1'}"), "creator", t(0));
        ObjectNode reset = live.deepCopy();
        ((ObjectNode) reset.get("metadata")).set("managedFields", json("[{}]"));

        assertThat(configMaps.update(live, reset, "x", t(1)).at("/metadata").has("managedFields")).isFalse();
    }

    @Test
    void a25ClientSuppliedManagedFieldsReplaceTheLiveOnes() {
        ObjectNode live = configMaps.update(null, configMap("{'a':'1'}"), "kubectl-client-side-apply", t(0));
        JsonNode sent = json("[{'manager':'kubectl','operation':'Apply','apiVersion':'v1','time':'2024-05-01T10:05:00Z',"
                + "'fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:a':{}}}}]");
        ObjectNode patched = live.deepCopy();
        ((ObjectNode) patched.get("metadata")).set("managedFields", sent);

        ObjectNode after = configMaps.update(live, patched, "kubectl", t(6));

        assertThat(after.at("/metadata/managedFields")).isEqualTo(sent);
    }

    @Test
    void undecodableClientManagedFieldsAreIgnored() {
        ObjectNode live = configMaps.update(null, configMap("{'a':'1'}"), "creator", t(0));
        ObjectNode patched = live.deepCopy();
        ((ObjectNode) patched.get("metadata")).set("managedFields", json("[{'manager':'x','operation':'Bogus'}]"));

        ObjectNode after = configMaps.update(live, patched, "x", t(1));

        assertThat(after.at("/metadata/managedFields")).isEqualTo(live.at("/metadata/managedFields"));
    }

    @Test
    void subresourceWritesIgnoreClientManagedFields() {
        ObjectNode live = configMaps.update(null, configMap("{'a':'1'}"), "creator", t(0));
        ObjectNode patched = live.deepCopy();
        ((ObjectNode) patched.get("metadata")).set("managedFields", json("[]"));

        ObjectNode after = configMaps.update(live, patched, "x", "status", ResetFields.NONE, t(1));

        assertThat(after.at("/metadata/managedFields")).isEqualTo(live.at("/metadata/managedFields"));
    }

    @Test
    void aCreateOwnsEverythingPresentExceptStrippedMetadata() {
        ObjectNode created = configMaps.update(null, obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c',"
                + "'namespace':'default','uid':'u','creationTimestamp':'2024-05-01T10:00:00Z','labels':{'l':'1'},"
                + "'finalizers':['f']},'data':{'a':'1'}}"), "kubectl-create", t(0));

        assertThat(Server.fieldsOf(created, "kubectl-create", UPDATE)).isEqualTo("{'f:data':{'.':{},'f:a':{}},"
                + "'f:metadata':{'f:finalizers':{'.':{},'v:\\'f\\'':{}},'f:labels':{'.':{},'f:l':{}}}}");
    }

    @Test
    void resetFieldsAreNeverOwnedByUpdates() {
        Server deployments = new Server(TestSchemas.DEPLOYMENT, TestSchemas.gvk("apps", "v1", "Deployment"),
                ResetFields.STATUS);
        ObjectNode created = deployments.update(null, obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':"
                + "{'name':'d'},'spec':{'paused':true},'status':{'replicas':1}}"), "creator", t(0));

        FieldSet owned = Server.entry(created, "creator", UPDATE).fields();
        assertThat(owned.has(Path.fields("spec", "paused"))).isTrue();
        assertThat(owned.withPrefix(new dev.tugboat.api.patch.fieldpath.PathElement.Field("status")).isEmpty()).isTrue();
        assertThat(owned.has(Path.fields("status"))).isFalse();
    }

    @Test
    void anEmptyManagerNameBecomesUnknown() {
        ObjectNode created = configMaps.update(null, configMap("{'a':'1'}"), "", t(0));

        assertThat(Server.entries(created)).extracting(ManagedFieldsEntry::manager).containsExactly("unknown");
    }

    @Test
    void entriesAreSortedApplyFirstThenByTimeAndManager() {
        ObjectNode live = configMaps.update(null, configMap("{'a':'1'}"), "zeta", t(5));
        ObjectNode changed = live.deepCopy();
        ((ObjectNode) changed.get("data")).put("b", "2");
        live = configMaps.update(live, changed, "alpha", t(5));
        live = configMaps.apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'c':'3'}}",
                "applier", false, t(9));

        assertThat(Server.entries(live)).extracting(ManagedFieldsEntry::manager).containsExactly("applier", "alpha", "zeta");
        assertThat(Server.entry(live, "applier", APPLY).time()).isEqualTo(t(9));
        assertThat(Json.string(live.at("/metadata/managedFields/1"))).startsWith(
                "{\"manager\":\"alpha\",\"operation\":\"Update\",\"apiVersion\":\"v1\",\"time\":\"2024-05-01T10:05:00Z\"");
    }
}
