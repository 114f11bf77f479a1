package dev.tugboat.api.patch.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.fieldpath.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConflictsTest {

    @Test
    void managersPrintWithSubresourceAndVersionAsUpstream() {
        assertThat(ManagerIdentity.apply("kubectl", "").printed()).isEqualTo("\"kubectl\"");
        assertThat(ManagerIdentity.apply("ctl", "status").printed()).isEqualTo("\"ctl\" with subresource \"status\"");
        assertThat(ManagerIdentity.update("kubelet", "v1", "status").printed())
                .isEqualTo("\"kubelet\" with subresource \"status\" using v1");
        assertThat(ManagerIdentity.update("kubectl-edit", "apps/v1", "").encoded())
                .isEqualTo("{\"manager\":\"kubectl-edit\",\"operation\":\"Update\",\"apiVersion\":\"apps/v1\"}");
        assertThat(ManagerIdentity.apply("kubectl", "scale").encoded())
                .isEqualTo("{\"manager\":\"kubectl\",\"operation\":\"Apply\",\"subresource\":\"scale\"}");
    }

    @Test
    void blocksAreSortedByManagerAndPathsFollowSetOrder() {
        Map<ManagerIdentity, FieldSet> byManager = new LinkedHashMap<>();
        byManager.put(ManagerIdentity.update("b", "v1", ""), FieldSet.of(Path.fields("metadata", "labels", "x")));
        byManager.put(ManagerIdentity.update("a", "apps/v1", ""),
                FieldSet.of(Path.fields("spec", "replicas"), Path.fields("spec", "paused")));

        ApiException.Conflict e = new Conflicts(byManager).toException();

        assertThat(e.getMessage()).isEqualTo("Apply failed with 3 conflicts: conflicts with \"a\" using apps/v1:\n"
                + "- .spec.paused\n- .spec.replicas\nconflicts with \"b\" using v1:\n- .metadata.labels.x");
        assertThat(e.status().details().causes()).extracting(c -> c.field())
                .containsExactly(".spec.paused", ".spec.replicas", ".metadata.labels.x");
    }

    @Test
    void forgivenPathsAreRemovedFromTheConflicts() {
        Map<ManagerIdentity, FieldSet> byManager = Map.of(ManagerIdentity.update("csa", "v1", ""),
                FieldSet.of(Path.fields("data", "a"), Path.fields("data", "b")));

        Conflicts rest = new Conflicts(byManager).without(FieldSet.of(Path.fields("data", "a")));

        assertThat(rest.toException().getMessage())
                .isEqualTo("Apply failed with 1 conflict: conflict with \"csa\" using v1: .data.b");
        assertThat(new Conflicts(byManager).without(FieldSet.of(Path.fields("data", "a"), Path.fields("data", "b")))
                .isEmpty()).isTrue();
    }
}
