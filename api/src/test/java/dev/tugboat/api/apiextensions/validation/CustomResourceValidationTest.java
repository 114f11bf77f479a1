package dev.tugboat.api.apiextensions.validation;

import static dev.tugboat.api.apiextensions.validation.Fixtures.APP;
import static dev.tugboat.api.apiextensions.validation.Fixtures.CRONTAB;
import static dev.tugboat.api.apiextensions.validation.Fixtures.json;
import static dev.tugboat.api.apiextensions.validation.Fixtures.messages;
import static dev.tugboat.api.apiextensions.validation.Fixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CustomResourceValidationTest {

    static final CustomResourceValidation APPS = new CustomResourceValidation(APP, null);

    record Case(String name, String spec, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> creates() {
        return Stream.of(
                new Case("a valid app has no errors", """
                        {"ports":[{"name":"http","port":80}],"tags":["a","b"],
                         "template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"b"}}}}""",
                        List.of()),
                new Case("an embedded resource needs apiVersion and kind", "{\"template\":{\"metadata\":{}}}",
                        List.of("spec.template.apiVersion: Required value", "spec.template.kind: Required value")),
                new Case("embedded apiVersion and kind are checked", """
                        {"template":{"apiVersion":"a/b/c","kind":"My_Kind"}}""", List.of(
                        "spec.template.apiVersion: Invalid value: \"a/b/c\": unexpected GroupVersion string: a/b/c",
                        "spec.template.kind: Invalid value: \"My_Kind\": may have mixed case, but should otherwise "
                                + "match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
                                + "start with an alphabetic character, and end with an alphanumeric character (e.g. "
                                + "'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")),
                new Case("embedded type fields must be strings", "{\"template\":{\"apiVersion\":1,\"kind\":\"\"}}",
                        List.of("spec.template.apiVersion: Invalid value: 1: must be a string",
                                "spec.template.kind: Required value")),
                new Case("embedded metadata follows ObjectMeta rules with path-segment names", """
                        {"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a/b","namespace":"Bad",
                         "labels":{"k":"not valid!"}}}}""", List.of(
                        "spec.template.metadata.name: Invalid value: \"a/b\": may not contain '/'",
                        "spec.template.metadata.namespace: Invalid value: \"Bad\": a lowercase RFC 1123 label must "
                                + "consist of lower case alphanumeric characters or '-', and must start and end with an "
                                + "alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
                                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                        "spec.template.metadata.labels: Invalid value: \"not valid!\": a valid label must be an empty "
                                + "string or consist of alphanumeric characters, '-', '_' or '.', and must start and "
                                + "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
                                + "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")),
                new Case("embedded metadata that is not ObjectMeta", """
                        {"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":5}}}""", List.of(
                        "spec.template.metadata: Invalid value: map[string]interface {}{\"name\":5}: json: cannot "
                                + "unmarshal number into Go struct field ObjectMeta.name of type string")),
                new Case("an embedded timestamp that does not parse", """
                        {"template":{"apiVersion":"v1","kind":"Pod","metadata":{"creationTimestamp":"2024-13-01T00:00:00Z"}}}""",
                        List.of("spec.template.metadata: Invalid value: map[string]interface {}{\"creationTimestamp\":"
                                + "\"2024-13-01T00:00:00Z\"}: parsing time \"2024-13-01T00:00:00Z\": month out of range")),
                new Case("a set with a repeated value", "{\"tags\":[\"a\",\"b\",\"a\",\"a\"]}",
                        List.of("spec.tags[2]: Duplicate value: \"a\"")),
                new Case("a map list with a repeated key", """
                        {"ports":[{"name":"http","port":80},{"name":"http","port":81}]}""",
                        List.of("spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"http\"}")),
                new Case("a map list keyed by two fields", """
                        {"endpoints":[{"host":"a","port":1},{"host":"a","port":2},{"port":1,"host":"a"}]}""",
                        List.of("spec.endpoints[2]: Duplicate value: map[string]interface {}{\"host\":\"a\", \"port\":1}")),
                new Case("a map list item that is not an object", "{\"ports\":[\"http\"]}", List.of(
                        "spec.ports[0]: Invalid value: \"string\": spec.ports[0] in body must be of type object: \"string\"",
                        "spec.ports[0]: Invalid value: \"http\": must be an object for an array of list-type map")),
                new Case("sets inside a map are named with brackets", "{\"groups\":{\"g1\":[\"x\",\"x\"]}}",
                        List.of("spec.groups[g1][1]: Duplicate value: \"x\"")),
                new Case("schema errors come first, then embedded and list-type errors", """
                        {"ports":[{"name":"a","port":70000},{"name":"a"}],"template":{"kind":"Pod","apiVersion":"v1"}}""",
                        List.of("spec.ports[0].port: Invalid value: 70000: spec.ports[0].port in body should be less "
                                + "than or equal to 65535",
                                "spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"a\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void validatesNewObjects(Case c) {
        assertThat(messages(APPS.validate(app(c.spec())))).containsExactlyElementsOf(c.errors());
    }

    record Update(String name, String oldSpec, String newSpec, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Update> updates() {
        return Stream.of(
                new Update("an unchanged invalid field does not fail the update",
                        "{\"replicas\":1,\"ports\":[{\"name\":\"a\",\"port\":70000}]}",
                        "{\"replicas\":2,\"ports\":[{\"name\":\"a\",\"port\":70000}]}", List.of()),
                new Update("a changed invalid field fails",
                        "{\"ports\":[{\"name\":\"a\",\"port\":70000}]}",
                        "{\"ports\":[{\"name\":\"a\",\"port\":70001}]}",
                        List.of("spec.ports[0].port: Invalid value: 70001: spec.ports[0].port in body should be less "
                                + "than or equal to 65535")),
                new Update("map list items are matched by key, not position",
                        "{\"ports\":[{\"name\":\"a\",\"port\":70000}]}",
                        "{\"ports\":[{\"name\":\"b\",\"port\":80},{\"name\":\"a\",\"port\":70000}]}", List.of()),
                new Update("a new item with the same invalid value fails",
                        "{\"ports\":[{\"name\":\"a\",\"port\":70000}]}",
                        "{\"ports\":[{\"name\":\"a\",\"port\":70000},{\"name\":\"b\",\"port\":70000}]}",
                        List.of("spec.ports[1].port: Invalid value: 70000: spec.ports[1].port in body should be less "
                                + "than or equal to 65535")),
                new Update("set items are never matched, so an old invalid item fails again",
                        "{\"tags\":[\"toolong\"]}", "{\"tags\":[\"toolong\",\"ok\"]}",
                        List.of("spec.tags[0]: Too long: must have at most 5 bytes")),
                new Update("plain list items are matched by index",
                        "{\"env\":[{\"name\":5}]}", "{\"env\":[{\"name\":5},{\"name\":\"x\"}]}", List.of()),
                new Update("existing list-type duplicates are tolerated",
                        "{\"tags\":[\"a\",\"a\"]}", "{\"tags\":[\"a\",\"a\",\"b\"]}", List.of()),
                new Update("new list-type duplicates fail",
                        "{\"tags\":[\"a\"]}", "{\"tags\":[\"a\",\"a\"]}", List.of("spec.tags[1]: Duplicate value: \"a\"")),
                new Update("embedded resources are checked on every update",
                        "{\"template\":{\"metadata\":{}}}", "{\"template\":{\"metadata\":{}}}",
                        List.of("spec.template.apiVersion: Required value", "spec.template.kind: Required value")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void ratchetsUpdates(Update u) {
        assertThat(messages(APPS.validateUpdate(app(u.newSpec()), app(u.oldSpec())))).containsExactlyElementsOf(u.errors());
    }

    @Test
    void aMissingRequiredFieldFailsOnceItsObjectChanges() {
        CustomResourceValidation v = new CustomResourceValidation(yaml("""
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size: {type: string}
                      color: {type: string}
                """), null);
        ObjectNode old = json("{\"spec\":{\"color\":\"red\"}}");
        assertThat(v.validateUpdate(old.deepCopy(), old)).isEmpty();
        assertThat(messages(v.validateUpdate(json("{\"spec\":{\"color\":\"blue\"}}"), old)))
                .containsExactly("spec.size: Required value");
    }

    static final ObjectNode SCALED_VERSION = json("""
            {"name":"v1","served":true,"storage":true,"subresources":{"status":{},
             "scale":{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas",
                      "labelSelectorPath":".status.labelSelector"}}}""");

    @Test
    void scaleReplicaPathsMustHoldNonNegativeInt32s() {
        ObjectNode version = SCALED_VERSION.deepCopy();
        version.putObject("schema").set("openAPIV3Schema", yaml("""
                type: object
                x-kubernetes-preserve-unknown-fields: true
                """));
        CustomResourceValidation v = CustomResourceValidation.forVersion(version);
        assertThat(v.validate(json("{\"spec\":{\"replicas\":3},\"status\":{\"replicas\":2}}"))).isEmpty();
        assertThat(messages(v.validate(json("{\"spec\":{\"replicas\":-1},\"status\":{\"replicas\":3000000000}}"))))
                .containsExactly(".spec.replicas: Invalid value: -1: should be a non-negative integer",
                        ".status.replicas: Invalid value: 3000000000: should be less than or equal to 2147483647");
        assertThat(messages(v.validate(json("{\"spec\":{\"replicas\":\"3\"},\"status\":{\"labelSelector\":{}}}"))))
                .containsExactly(".spec.replicas: Invalid value: 0: .spec.replicas accessor error: 3 is of the type "
                                + "string, expected int64",
                        ".status.labelSelector: Invalid value: \"\": .status.labelSelector accessor error: map[] is "
                                + "of the type map[string]interface {}, expected string");
        assertThat(messages(v.validate(json("{\"spec\":\"oops\"}"))))
                .containsExactly(".spec.replicas: Invalid value: 0: .spec.replicas accessor error: oops is of the type string, "
                        + "expected map[string]interface{}");
    }

    @Test
    void aStatusUpdateChecksTheWholeObjectButOnlyTheStatusScalePath() {
        ObjectNode version = SCALED_VERSION.deepCopy();
        version.putObject("schema").set("openAPIV3Schema", CRONTAB);
        CustomResourceValidation v = CustomResourceValidation.forVersion(version);
        ObjectNode old = json("{\"spec\":{\"replicas\":-1,\"cronSpec\":\"bad\"},\"status\":{\"replicas\":1}}");
        ObjectNode update = json("{\"spec\":{\"replicas\":-1,\"cronSpec\":\"bad\"},\"status\":{\"replicas\":-2}}");
        assertThat(messages(v.validateStatusUpdate(update, old)))
                .containsExactly(".status.replicas: Invalid value: -2: should be a non-negative integer");
        ObjectNode statusTypo = json("{\"spec\":{\"replicas\":-1,\"cronSpec\":\"bad\"},\"status\":{\"replicas\":\"x\"}}");
        assertThat(messages(v.validateStatusUpdate(statusTypo, old))).containsExactly(
                "status.replicas: Invalid value: \"string\": status.replicas in body must be of type integer: \"string\"",
                ".status.replicas: Invalid value: 0: .status.replicas accessor error: x is of the type string, "
                        + "expected int64");
    }

    @Test
    void theDecodePathPrunesThenDefaultsThenValidates() {
        CustomResourceValidation v = new CustomResourceValidation(CRONTAB, null);
        ObjectNode obj = json("""
                {"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"c"},
                 "spec":{"cronSpec":"* * * * */5","image":"my-cron","extra":true,"replicas":null}}""");
        assertThat(v.prune(obj)).containsExactly("spec.extra");
        v.applyDefaults(obj);
        assertThat(obj.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(v.validate(obj)).isEmpty();
    }

    @Test
    void celRulesAreReportedAsNotEvaluated() {
        assertThat(new CustomResourceValidation(yaml("""
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-validations:
                    - rule: self.minReplicas <= self.maxReplicas
                """), null).hasUnevaluatedRules()).isTrue();
        assertThat(APPS.hasUnevaluatedRules()).isFalse();
    }

    private static ObjectNode app(String spec) {
        return json("{\"apiVersion\":\"example.com/v1\",\"kind\":\"App\",\"metadata\":{\"name\":\"a\"},\"spec\":"
                + spec + "}");
    }
}
