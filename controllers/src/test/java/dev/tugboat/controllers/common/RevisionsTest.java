package dev.tugboat.controllers.common;

import static dev.tugboat.controllers.Json5.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionsTest {

    static final ObjectNode SET = obj("{'metadata':{'name':'web','namespace':'ns','uid':'u1'},"
            + "'spec':{'replicas':3,'template':{'metadata':{'labels':{'app':'web'}},"
            + "'spec':{'containers':[{'name':'c','image':'nginx:1'}]}}}}");

    @Test
    void fnvMatchesTheReferenceVectors() {
        assertThat(Revisions.fnv32(new byte[0])).isEqualTo(0x811c9dc5);
        assertThat(Revisions.fnv32("a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0x050c5d7e);
        assertThat(Revisions.fnv32a("a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xe40c292c);
        assertThat(Revisions.fnv32a("foobar".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xbf9cf968);
    }

    @Test
    void safeEncodingUsesNoVowels() {
        // '0' is byte 48, 48 % 27 = 21 -> '4'; '9' is 57 % 27 = 3 -> 'f'
        assertThat(Revisions.safeEncode("09")).isEqualTo("4f");
        assertThat(Revisions.encodeHash(-1)).isEqualTo(Revisions.safeEncode("4294967295"));
        assertThat(Revisions.encodeHash(123456)).doesNotContainPattern("[aeiou013]");
    }

    @Test
    void theHashDependsOnTheDataAndTheCollisionCountButNotOnKeyOrder() {
        JsonNode a = obj("{'spec':{'template':{'b':1,'a':2}}}");
        JsonNode sameReordered = obj("{'spec':{'template':{'a':2,'b':1}}}");
        assertThat(Revisions.hash(a, 0)).isEqualTo(Revisions.hash(sameReordered, 0));
        assertThat(Revisions.hash(a, 1)).isNotEqualTo(Revisions.hash(a, 0));
        assertThat(Revisions.hash(a, null)).isNotEqualTo(Revisions.hash(a, 0));
        assertThat(Revisions.hash(obj("{'spec':{'template':{'a':3}}}"), 0)).isNotEqualTo(Revisions.hash(a, 0));
    }

    @Test
    void theTemplatePatchRestoresTheTemplate() {
        ObjectNode patch = Revisions.templatePatch(SET);
        assertThat(patch.path("spec").path("template").path("$patch").asText()).isEqualTo("replace");
        assertThat(patch.path("spec").has("replicas")).isFalse();
        ObjectNode rev = Revisions.newRevision(SET, new OwnerKind("apps/v1", "StatefulSet"), Map.of("app", "web"),
                patch, 4, 0);
        assertThat(rev.path("metadata").path("name").asText()).isEqualTo("web-" + Revisions.hash(patch, 0));
        assertThat(rev.path("metadata").path("labels").path(Revisions.HASH_LABEL).asText())
                .isEqualTo(Revisions.hash(patch, 0));
        assertThat(rev.path("revision").asLong()).isEqualTo(4);
        assertThat(rev.path("metadata").path("ownerReferences").get(0).path("uid").asText()).isEqualTo("u1");

        ObjectNode changed = SET.deepCopy();
        ((ObjectNode) changed.at("/spec/template/spec/containers/0")).put("image", "nginx:2");
        ObjectNode restored = Revisions.applyRevision(changed, rev);
        assertThat(restored.at("/spec/template")).isEqualTo(SET.at("/spec/template"));
        assertThat(restored.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(Revisions.sameData(Revisions.templatePatch(restored), patch)).isTrue();
        assertThat(Revisions.sameData(Revisions.templatePatch(changed), patch)).isFalse();
    }

    @Test
    void revisionsSortByNumberThenAge() {
        JsonNode r2 = obj("{'metadata':{'name':'b','creationTimestamp':'2024-01-01T00:00:00Z'},'revision':2}");
        JsonNode r1 = obj("{'metadata':{'name':'c','creationTimestamp':'2024-01-01T00:00:00Z'},'revision':1}");
        JsonNode r2older = obj("{'metadata':{'name':'z','creationTimestamp':'2023-01-01T00:00:00Z'},'revision':2}");
        List<JsonNode> sorted = Revisions.sorted(List.of(r2, r1, r2older));
        assertThat(sorted).containsExactly(r1, r2older, r2);
        assertThat(Revisions.nextRevision(sorted)).isEqualTo(3);
        assertThat(Revisions.nextRevision(List.of())).isEqualTo(1);
    }

    @Test
    void longOwnerNamesAreCutSoTheRevisionNameFits() {
        String name = Revisions.name("x".repeat(300), "abc");
        assertThat(name).hasSize(223 + 4);
    }
}
