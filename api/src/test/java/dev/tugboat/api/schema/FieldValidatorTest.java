package dev.tugboat.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FieldValidatorTest {

    static final BuiltinSchemas BUILTINS = BuiltinSchemasTest.BUILTINS;
    static final Schema DEPLOYMENT = BUILTINS.forKind(new GroupVersionKind("apps", "v1", "Deployment")).orElseThrow();
    static final Schema POD = BUILTINS.forKind(new GroupVersionKind("", "v1", "Pod")).orElseThrow();

    record Case(String name, Schema root, String body, List<String> messages) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a valid deployment has no problems", DEPLOYMENT, """
                        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"a":"b"},
                         "creationTimestamp":null},
                         "spec":{"replicas":2,"selector":{"matchLabels":{"a":"b"}},"strategy":{},
                          "template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i",
                           "ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"1","memory":2}}}]}}},
                         "status":{}}""", List.of()),
                new Case("an unknown spec field is named with its path", DEPLOYMENT,
                        "{\"spec\":{\"foo\":1}}", List.of("unknown field \"spec.foo\"")),
                new Case("an unknown field in a list item carries the index", DEPLOYMENT, """
                        {"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"b","bogus":true}]}}}}""",
                        List.of("unknown field \"spec.template.spec.containers[1].bogus\"")),
                new Case("unknown top-level and metadata fields are reported", POD,
                        "{\"foo\":1,\"metadata\":{\"nam\":\"x\"}}",
                        List.of("unknown field \"foo\"", "unknown field \"metadata.nam\"")),
                new Case("a string where a list belongs names the Go struct field", POD,
                        "{\"spec\":{\"containers\":\"nginx\"}}",
                        List.of("json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container")),
                new Case("a string where an int32 belongs", DEPLOYMENT, "{\"spec\":{\"replicas\":\"3\"}}",
                        List.of("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32")),
                new Case("a fraction where an integer belongs", DEPLOYMENT, "{\"spec\":{\"replicas\":1.5}}",
                        List.of("json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32")),
                new Case("a number in a map of strings", POD, "{\"metadata\":{\"labels\":{\"a\":1}}}",
                        List.of("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string")),
                new Case("a wrong item in a list names the item type", POD,
                        "{\"spec\":{\"containers\":[\"nginx\"]}}",
                        List.of("json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container")),
                new Case("int-or-string and quantity accept both forms", DEPLOYMENT, """
                        {"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"}}}}""", List.of()),
                new Case("int-or-string rejects a boolean", DEPLOYMENT, """
                        {"spec":{"strategy":{"rollingUpdate":{"maxSurge":true}}}}""",
                        List.of("json: cannot unmarshal bool into Go struct field RollingUpdateDeployment"
                                + ".spec.strategy.rollingUpdate.maxSurge of type intstr.IntOrString")),
                new Case("a raw extension accepts anything", BUILTINS.forKind(
                        new GroupVersionKind("apps", "v1", "ControllerRevision")).orElseThrow(),
                        "{\"data\":{\"any\":{\"thing\":[1,\"x\"]}},\"revision\":1}", List.of()),
                new Case("an integer beyond int64 is a decoding error", POD,
                        "{\"spec\":{\"terminationGracePeriodSeconds\":99999999999999999999999999}}",
                        List.of("json: cannot unmarshal number 99999999999999999999999999 into Go struct field "
                                + "PodSpec.spec.terminationGracePeriodSeconds of type int64")),
                new Case("an integer beyond int32 in an int32 field is a decoding error", DEPLOYMENT,
                        "{\"spec\":{\"replicas\":2147483648}}",
                        List.of("json: cannot unmarshal number 2147483648 into Go struct field "
                                + "DeploymentSpec.spec.replicas of type int32")),
                new Case("the largest int32 fits", DEPLOYMENT, "{\"spec\":{\"replicas\":2147483647}}", List.of()),
                new Case("byte strings must be base64", BUILTINS.forKind(new GroupVersionKind("", "v1", "Secret"))
                        .orElseThrow(), "{\"data\":{\"ok\":\"aGk=\",\"bad\":\"aG!k\"}}",
                        List.of("illegal base64 data at input byte 2")),
                new Case("times must be RFC 3339", POD, "{\"metadata\":{\"creationTimestamp\":\"2024-01-01\"}}",
                        List.of("parsing time \"2024-01-01\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" "
                                + "as \"T\"")),
                new Case("micro times need six fractional digits", BUILTINS.forKind(
                        new GroupVersionKind("events.k8s.io", "v1", "Event")).orElseThrow(),
                        "{\"eventTime\":\"2024-01-01T10:00:00Z\",\"series\":{\"count\":2,"
                                + "\"lastObservedTime\":\"2024-01-01T10:00:00.123456Z\"}}",
                        List.of("parsing time \"2024-01-01T10:00:00Z\" as \"2006-01-02T15:04:05.000000Z07:00\": "
                                + "cannot parse \"Z\" as \".000000\"")),
                new Case("nulls are accepted everywhere", POD, "{\"metadata\":{\"creationTimestamp\":null},\"spec\":null}",
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checkReportsUpstreamMessages(Case c) throws IOException {
        List<FieldProblem> problems = FieldValidator.check(Json.parse(c.body().getBytes(StandardCharsets.UTF_8)), c.root());
        assertThat(problems).extracting(FieldProblem::message).containsExactlyElementsOf(c.messages());
    }

    @Test
    void pruneRemovesUnknownFieldsAndKeepsTheRest() throws IOException {
        JsonNode obj = Json.parse("""
                {"metadata":{"name":"p","junk":1},"spec":{"containers":[{"name":"c","image":"i","x":{"y":1}}],"zz":[]}}
                """.getBytes(StandardCharsets.UTF_8));
        List<String> removed = FieldValidator.prune(obj, POD);
        assertThat(removed).containsExactly("metadata.junk", "spec.containers[0].x", "spec.zz");
        assertThat(Json.string(obj)).isEqualTo("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}");
        assertThat(FieldValidator.check(obj, POD)).isEmpty();
    }

    @Test
    void duplicateKeysAreFoundInJsonAndYamlWithTheirPaths() throws IOException {
        byte[] json = """
                {"metadata":{"name":"a","name":"b"},"spec":{"containers":[{"name":"c","image":"x","image":"y"}]},"kind":"Pod","kind":"Pod"}
                """.getBytes(StandardCharsets.UTF_8);
        assertThat(DuplicateFields.inJson(json)).extracting(FieldProblem::message).containsExactly(
                "duplicate field \"metadata.name\"", "duplicate field \"spec.containers[0].image\"", "duplicate field \"kind\"");
        byte[] yaml = """
                metadata:
                  name: a
                spec:
                  replicas: 1
                  replicas: 2
                """.getBytes(StandardCharsets.UTF_8);
        assertThat(DuplicateFields.inYaml(yaml)).extracting(FieldProblem::path).containsExactly("spec.replicas");
        assertThat(DuplicateFields.inJson("{\"a\":[{\"b\":1},{\"b\":2}]}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        // Scalars count in list indexes; lists in lists; a third occurrence is reported again.
        assertThat(DuplicateFields.inJson("""
                {"a":[1,"s",{"b":1,"b":2}],"m":[[{},{"c":1,"d":2,"c":3,"c":4}]]}
                """.getBytes(StandardCharsets.UTF_8))).extracting(FieldProblem::path)
                .containsExactly("a[2].b", "m[0][1].c", "m[0][1].c");
    }

    @Test
    void strictDecodingErrorJoinsProblemsAsUpstreamDoes() throws IOException {
        ObjectNode obj = (ObjectNode) Json.parse("{\"spec\":{\"foo\":1}}".getBytes(StandardCharsets.UTF_8));
        List<FieldProblem> problems = new java.util.ArrayList<>(FieldValidator.check(obj, DEPLOYMENT));
        problems.addAll(DuplicateFields.inJson("{\"x\":1,\"x\":2}".getBytes(StandardCharsets.UTF_8)));
        assertThat(FieldProblem.strictDecodingError(problems))
                .isEqualTo("strict decoding error: unknown field \"spec.foo\", duplicate field \"x\"");
    }
}
