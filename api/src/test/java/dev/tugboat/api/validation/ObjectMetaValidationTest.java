package dev.tugboat.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.errors.FieldPath;
import dev.tugboat.api.meta.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ObjectMetaValidationTest {

    static ObjectNode json(String s) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<String> strings(List<FieldError> errs) {
        return errs.stream().map(FieldError::toString).toList();
    }

    record Case(String name, String metadata, boolean namespaced, NameRule rule, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> creates() {
        return Stream.of(
                new Case("a valid namespaced object passes", "{'name':'web','namespace':'default','labels':{'app':'web'}}",
                        true, NameRule.DNS1123_SUBDOMAIN, List.of()),
                new Case("a missing name is required", "{'namespace':'default'}", true, NameRule.DNS1123_SUBDOMAIN,
                        List.of("metadata.name: Required value: name or generateName is required")),
                new Case("a missing namespace is required", "{'name':'web'}", true, NameRule.DNS1123_SUBDOMAIN,
                        List.of("metadata.namespace: Required value")),
                new Case("a namespace on a cluster-scoped kind is forbidden", "{'name':'n1','namespace':'x'}", false,
                        NameRule.DNS1123_SUBDOMAIN, List.of("metadata.namespace: Forbidden: not allowed on this type")),
                new Case("an uppercase name is invalid", "{'name':'Foo','namespace':'d'}", true, NameRule.DNS1123_SUBDOMAIN,
                        List.of("metadata.name: Invalid value: \"Foo\": " + FormatsTest.SUBDOMAIN_MSG)),
                new Case("a bad label key is reported on the map", "{'name':'a','namespace':'d','labels':{'bad key!':'x'}}",
                        true, NameRule.DNS1123_SUBDOMAIN,
                        List.of("metadata.labels: Invalid value: \"bad key!\": " + FormatsTest.NAME_PART_MSG)),
                new Case("a bad generateName is reported", "{'generateName':'Web-','name':'web-abcde','namespace':'d'}",
                        true, NameRule.DNS1123_SUBDOMAIN,
                        List.of("metadata.generateName: Invalid value: \"Web-\": " + FormatsTest.SUBDOMAIN_MSG)),
                new Case("two controllers are rejected", "{'name':'a','namespace':'d','ownerReferences':["
                        + "{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'r1','uid':'1','controller':true},"
                        + "{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'r2','uid':'2','controller':true}]}",
                        true, NameRule.DNS1123_SUBDOMAIN, List.of("metadata.ownerReferences: Invalid value: "
                        + "[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"r1\",\"uid\":\"1\",\"controller\":true},"
                        + "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"r2\",\"uid\":\"2\",\"controller\":true}]"
                        + ": Only one reference can have Controller set to true. Found \"true\" in references for"
                        + " ReplicaSet/r1 and ReplicaSet/r2")),
                new Case("an owner reference needs a uid", "{'name':'a','namespace':'d','ownerReferences':"
                        + "[{'apiVersion':'v1','kind':'Pod','name':'p'}]}", true, NameRule.DNS1123_SUBDOMAIN,
                        List.of("metadata.ownerReferences.uid: Invalid value: \"\": must not be empty")),
                new Case("an unqualified unknown finalizer is rejected", "{'name':'a','namespace':'d','finalizers':['foo']}",
                        true, NameRule.DNS1123_SUBDOMAIN, List.of("metadata.finalizers[0]: Invalid value: \"foo\": name is"
                        + " neither a standard finalizer name nor is it fully qualified")),
                new Case("orphan with foregroundDeletion is rejected",
                        "{'name':'a','namespace':'d','finalizers':['orphan','foregroundDeletion']}", true,
                        NameRule.DNS1123_SUBDOMAIN, List.of("metadata.finalizers: Invalid value: []string{\"orphan\","
                        + " \"foregroundDeletion\"}: finalizer orphan and foregroundDeletion cannot be both set")),
                new Case("a service name must be a DNS-1035 label", "{'name':'1svc','namespace':'d'}", true,
                        NameRule.DNS1035_LABEL, List.of("metadata.name: Invalid value: \"1svc\": " + FormatsTest.DNS1035_MSG)));
    }

    @ParameterizedTest
    @MethodSource("creates")
    void createValidationReportsUpstreamMessages(Case c) {
        ObjectNode obj = json("{}");
        obj.set("metadata", json(c.metadata()));
        assertThat(strings(ObjectMetaValidation.validate(obj, c.namespaced(), c.rule()))).containsExactlyElementsOf(c.expected());
    }

    @Test
    void annotationsOverTheSizeLimitAreTooLong() {
        ObjectNode obj = json("{'metadata':{'name':'a','namespace':'d','annotations':{}}}");
        ((ObjectNode) obj.get("metadata").get("annotations")).put("big", "x".repeat(262_142));
        assertThat(strings(MetaRules.NAMESPACED.validate(obj)))
                .containsExactly("metadata.annotations: Too long: must have at most 262144 bytes");
    }

    @Test
    void updatesKeepIdentityAndRequireAResourceVersion() {
        JsonNode old = json("{'metadata':{'name':'a','namespace':'d','uid':'u1','resourceVersion':'5','generation':3,"
                + "'creationTimestamp':'2024-05-01T10:00:00Z'}}");
        JsonNode now = json("{'metadata':{'name':'a','namespace':'d','uid':'u2','generation':2,"
                + "'creationTimestamp':'2024-05-01T10:00:01Z'}}");
        assertThat(strings(ObjectMetaValidation.validateUpdate(now, old))).containsExactly(
                "metadata.resourceVersion: Invalid value: \"\": must be specified for an update",
                "metadata.generation: Invalid value: 2: must not be decremented",
                "metadata.uid: Invalid value: \"u2\": field is immutable",
                "metadata.creationTimestamp: Invalid value: 2024-05-01 10:00:01 +0000 UTC: field is immutable");
    }

    @Test
    void noFinalizersMayBeAddedWhileDeleting() {
        JsonNode old = json("{'metadata':{'name':'a','resourceVersion':'1','deletionTimestamp':'2024-05-01T10:00:00Z',"
                + "'finalizers':['a.io/x']}}");
        JsonNode now = json("{'metadata':{'name':'a','resourceVersion':'1','deletionTimestamp':'2024-05-01T10:00:00Z',"
                + "'finalizers':['a.io/x','b.io/y']}}");
        assertThat(strings(ObjectMetaValidation.validateUpdate(now, old))).containsExactly("metadata.finalizers: Forbidden:"
                + " no new finalizers can be added if the object is being deleted, found new finalizers []string{\"b.io/y\"}");
    }

    @Test
    void selectorsValidateOperatorsAndValues() {
        JsonNode sel = json("{'matchExpressions':[{'key':'a','operator':'In'},{'key':'b','operator':'Exists','values':['x']},"
                + "{'key':'c','operator':'Foo'}]}");
        assertThat(strings(LabelSelectors.validate(sel, FieldPath.of("spec", "selector")))).containsExactly(
                "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or"
                        + " 'DoesNotExist'",
                "spec.selector.matchExpressions[2].operator: Invalid value: \"Foo\": not a valid selector operator");
    }

    @Test
    void selectorsMatchLabels() {
        JsonNode sel = json("{'matchLabels':{'app':'web'},'matchExpressions':[{'key':'tier','operator':'In','values':['a','b']},"
                + "{'key':'x','operator':'DoesNotExist'}]}");
        assertThat(LabelSelectors.matches(sel, Map.of("app", "web", "tier", "a"))).isTrue();
        assertThat(LabelSelectors.matches(sel, Map.of("app", "web", "tier", "c"))).isFalse();
        assertThat(LabelSelectors.matches(sel, Map.of("app", "web", "tier", "a", "x", "1"))).isFalse();
        assertThat(LabelSelectors.matches(json("{}"), Map.of())).isTrue();
        assertThat(LabelSelectors.matches(null, Map.of())).isFalse();
        assertThat(LabelSelectors.format(sel)).isEqualTo("app=web,tier in (a,b),!x");
    }

    @Test
    void semanticEqualityComparesNumbersByValueAndTreatsEmptyListsAsAbsent() {
        assertThat(JsonEquality.equal(json("{'a':1,'b':[]}"), json("{'a':1.0}"))).isTrue();
        assertThat(JsonEquality.equal(json("{'a':1}"), json("{'a':2}"))).isFalse();
        assertThat(JsonEquality.equal(json("{'a':{}}"), json("{}"))).isFalse();
    }
}
