package dev.tugboat.api.patch.apply;

import static dev.tugboat.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.fieldpath.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ManagedFieldsTest {

    @Test
    void entriesRoundTripWithMembersInUpstreamOrder() {
        JsonNode list = json("[{'manager':'ctl','operation':'Update','apiVersion':'apps/v1','time':'2024-05-01T10:00:00Z',"
                + "'fieldsType':'FieldsV1','fieldsV1':{'f:status':{'f:replicas':{}}},'subresource':'status'}]");

        List<ManagedFieldsEntry> entries = ManagedFields.parse(list);

        assertThat(entries).containsExactly(new ManagedFieldsEntry("ctl", ManagedFieldsEntry.Operation.UPDATE, "apps/v1",
                Instant.parse("2024-05-01T10:00:00Z"), FieldSet.of(Path.fields("status", "replicas")), "status"));
        assertThat(ManagedFields.toJson(entries)).isEqualTo(list);
    }

    @Test
    void timesAreWrittenInWholeSecondsAndOmittedWhenUnset() {
        ManagedFieldsEntry e = new ManagedFieldsEntry("m", ManagedFieldsEntry.Operation.APPLY, "v1",
                Instant.parse("2024-05-01T10:00:00.987Z"), FieldSet.empty(), "");

        assertThat(e.toJson().get("time").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(new ManagedFieldsEntry("m", ManagedFieldsEntry.Operation.APPLY, "v1", null, FieldSet.empty(), "")
                .toJson().has("time")).isFalse();
    }

    record Bad(String entry, String message) {
    }

    static Stream<Bad> invalidEntries() {
        return Stream.of(
                new Bad("{'manager':'m','operation':'Patch','apiVersion':'v1','fieldsType':'FieldsV1'}",
                        "operation must be `Apply` or `Update`"),
                new Bad("{'manager':'m','operation':'Apply','fieldsType':'FieldsV1'}", "apiVersion must not be empty"),
                new Bad("{'manager':'m','operation':'Apply','apiVersion':'v1'}", "missing fieldsType in managed fields entry 0"),
                new Bad("{'manager':'m','operation':'Apply','apiVersion':'v1','fieldsType':'FieldsV2'}",
                        "invalid fieldsType \"FieldsV2\" in managed fields entry 0"),
                new Bad("{'manager':'m','operation':'Apply','apiVersion':'v1','fieldsType':'FieldsV1','time':'yesterday'}",
                        "invalid time in managed fields entry 0"));
    }

    @ParameterizedTest
    @MethodSource("invalidEntries")
    void invalidEntriesAreRejectedWithUpstreamMessages(Bad b) {
        assertThatThrownBy(() -> ManagedFields.parse(json("[" + b.entry() + "]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(b.message());
    }

    @Test
    void resetMeansAnEmptyListOrOneEmptyEntry() {
        assertThat(ManagedFields.isReset(json("[]"))).isTrue();
        assertThat(ManagedFields.isReset(json("[{}]"))).isTrue();
        assertThat(ManagedFields.isReset(json("[{'manager':''}]"))).isTrue();
        assertThat(ManagedFields.isReset(json("[{'manager':'x'}]"))).isFalse();
        assertThat(ManagedFields.isReset(json("null"))).isFalse();
        assertThat(ManagedFields.isReset(null)).isFalse();
    }

    @Test
    void listsAreSortedByOperationTimeManagerVersionAndSubresource() {
        FieldSet f = FieldSet.of(Path.fields("a"));
        Instant t1 = Instant.parse("2024-05-01T10:00:00Z");
        List<ManagedFieldsEntry> entries = List.of(
                new ManagedFieldsEntry("b", ManagedFieldsEntry.Operation.UPDATE, "v1", t1, f, ""),
                new ManagedFieldsEntry("a", ManagedFieldsEntry.Operation.UPDATE, "v1", t1, f, "status"),
                new ManagedFieldsEntry("a", ManagedFieldsEntry.Operation.UPDATE, "v1", t1, f, ""),
                new ManagedFieldsEntry("z", ManagedFieldsEntry.Operation.UPDATE, "v1", null, f, ""),
                new ManagedFieldsEntry("y", ManagedFieldsEntry.Operation.APPLY, "v1", t1, f, ""));

        JsonNode out = ManagedFields.toJson(entries);

        assertThat(out.findValuesAsText("manager")).containsExactly("y", "z", "a", "a", "b");
        assertThat(out.get(3).path("subresource").asText()).isEqualTo("status");
    }
}
