package dev.tugboat.controllers.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MetadataPatchesTest {

    record Case(String name, String current, Function<JsonNode, Optional<ObjectNode>> patch, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String TWO_OWNERS = "{'metadata':{'resourceVersion':'7','ownerReferences':["
            + "{'apiVersion':'v1','kind':'ConfigMap','name':'a','uid':'u1','blockOwnerDeletion':true},"
            + "{'apiVersion':'v1','kind':'Secret','name':'b','uid':'u2'}],'finalizers':['x','orphan']}}";

    static Stream<Case> cases() {
        return Stream.of(
                new Case("removing one of two references keeps the other as it was", TWO_OWNERS,
                        c -> MetadataPatches.removeOwnerReferences(c, List.of("u1")),
                        "{'metadata':{'resourceVersion':'7','ownerReferences':["
                                + "{'apiVersion':'v1','kind':'Secret','name':'b','uid':'u2'}]}}"),
                new Case("removing every reference deletes the field", TWO_OWNERS,
                        c -> MetadataPatches.removeOwnerReferences(c, List.of("u1", "u2")),
                        "{'metadata':{'resourceVersion':'7','ownerReferences':null}}"),
                new Case("removing a reference that is not there is no patch", TWO_OWNERS,
                        c -> MetadataPatches.removeOwnerReferences(c, List.of("u9")), null),
                new Case("unblocking sets blockOwnerDeletion false where it was true", TWO_OWNERS,
                        MetadataPatches::unblockOwnerReferences,
                        "{'metadata':{'resourceVersion':'7','ownerReferences':["
                                + "{'apiVersion':'v1','kind':'ConfigMap','name':'a','uid':'u1','blockOwnerDeletion':false},"
                                + "{'apiVersion':'v1','kind':'Secret','name':'b','uid':'u2'}]}}"),
                new Case("unblocking nothing blocking is no patch", "{'metadata':{'resourceVersion':'1'}}",
                        MetadataPatches::unblockOwnerReferences, null),
                new Case("removing a finalizer keeps the others in order", TWO_OWNERS,
                        c -> MetadataPatches.removeFinalizer(c, "orphan"),
                        "{'metadata':{'resourceVersion':'7','finalizers':['x']}}"),
                new Case("removing the last finalizer deletes the field",
                        "{'metadata':{'resourceVersion':'3','finalizers':['foregroundDeletion']}}",
                        c -> MetadataPatches.removeFinalizer(c, "foregroundDeletion"),
                        "{'metadata':{'resourceVersion':'3','finalizers':null}}"),
                new Case("removing an absent finalizer is no patch", TWO_OWNERS,
                        c -> MetadataPatches.removeFinalizer(c, "foregroundDeletion"), null));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void patchesCarryTheResourceVersionAndOnlyTheChange(Case c) {
        Optional<ObjectNode> got = c.patch().apply(json(c.current()));

        if (c.want() == null) {
            assertThat(got).isEmpty();
        } else {
            assertThat(got).contains((ObjectNode) json(c.want()));
        }
    }
}
