package dev.tugboat.api.patch.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.Json;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPatchTest {

    record Case(String name, String doc, String patch, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** RFC 6902 Appendix A examples and Kubernetes usages. */
    static Stream<Case> successes() {
        return Stream.of(
                new Case("add an object member", "{\"foo\":\"bar\"}",
                        "[{\"op\":\"add\",\"path\":\"/baz\",\"value\":\"qux\"}]", "{\"baz\":\"qux\",\"foo\":\"bar\"}"),
                new Case("add an array element", "{\"foo\":[\"bar\",\"baz\"]}",
                        "[{\"op\":\"add\",\"path\":\"/foo/1\",\"value\":\"qux\"}]", "{\"foo\":[\"bar\",\"qux\",\"baz\"]}"),
                new Case("remove an object member", "{\"baz\":\"qux\",\"foo\":\"bar\"}",
                        "[{\"op\":\"remove\",\"path\":\"/baz\"}]", "{\"foo\":\"bar\"}"),
                new Case("remove an array element", "{\"foo\":[\"bar\",\"qux\",\"baz\"]}",
                        "[{\"op\":\"remove\",\"path\":\"/foo/1\"}]", "{\"foo\":[\"bar\",\"baz\"]}"),
                new Case("replace a value", "{\"baz\":\"qux\",\"foo\":\"bar\"}",
                        "[{\"op\":\"replace\",\"path\":\"/baz\",\"value\":\"boo\"}]", "{\"baz\":\"boo\",\"foo\":\"bar\"}"),
                new Case("move a value", "{\"foo\":{\"bar\":\"baz\",\"waldo\":\"fred\"},\"qux\":{\"corge\":\"grault\"}}",
                        "[{\"op\":\"move\",\"from\":\"/foo/waldo\",\"path\":\"/qux/thud\"}]",
                        "{\"foo\":{\"bar\":\"baz\"},\"qux\":{\"corge\":\"grault\",\"thud\":\"fred\"}}"),
                new Case("move an array element", "{\"foo\":[\"all\",\"grass\",\"cows\",\"eat\"]}",
                        "[{\"op\":\"move\",\"from\":\"/foo/1\",\"path\":\"/foo/3\"}]",
                        "{\"foo\":[\"all\",\"cows\",\"eat\",\"grass\"]}"),
                new Case("test then add", "{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}",
                        "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"qux\"},{\"op\":\"test\",\"path\":\"/foo/1\",\"value\":2}]",
                        "{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}"),
                new Case("add a nested member", "{\"foo\":\"bar\"}",
                        "[{\"op\":\"add\",\"path\":\"/child\",\"value\":{\"grandchild\":{}}}]",
                        "{\"foo\":\"bar\",\"child\":{\"grandchild\":{}}}"),
                new Case("append with -", "{\"foo\":[\"bar\"]}",
                        "[{\"op\":\"add\",\"path\":\"/foo/-\",\"value\":[\"abc\",\"def\"]}]",
                        "{\"foo\":[\"bar\",[\"abc\",\"def\"]]}"),
                new Case("escaped tokens address keys with / and ~", "{\"metadata\":{\"annotations\":{}}}",
                        "[{\"op\":\"add\",\"path\":\"/metadata/annotations/example.com~1a~0b\",\"value\":\"x\"}]",
                        "{\"metadata\":{\"annotations\":{\"example.com/a~b\":\"x\"}}}"),
                new Case("copy a value", "{\"a\":{\"b\":1}}",
                        "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/c\"}]", "{\"a\":{\"b\":1},\"c\":{\"b\":1}}"),
                new Case("numbers test equal by value", "{\"n\":1}",
                        "[{\"op\":\"test\",\"path\":\"/n\",\"value\":1.0}]", "{\"n\":1}"),
                new Case("a negative index counts from the end", "{\"a\":[1,2,3]}",
                        "[{\"op\":\"remove\",\"path\":\"/a/-1\"}]", "{\"a\":[1,2]}"),
                new Case("replace of a missing member adds it, as upstream", "{\"a\":{}}",
                        "[{\"op\":\"replace\",\"path\":\"/a/b\",\"value\":1}]", "{\"a\":{\"b\":1}}"),
                new Case("the empty pointer replaces the document", "{\"a\":1}",
                        "[{\"op\":\"replace\",\"path\":\"\",\"value\":{\"b\":2}}]", "{\"b\":2}"),
                new Case("managedFields and resourceVersion replaced as kubectl's migration does",
                        "{\"metadata\":{\"resourceVersion\":\"5\",\"managedFields\":[{\"manager\":\"x\"}]}}",
                        "[{\"op\":\"replace\",\"path\":\"/metadata/managedFields\",\"value\":[]},"
                                + "{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"5\"}]",
                        "{\"metadata\":{\"resourceVersion\":\"5\",\"managedFields\":[]}}"));
    }

    @ParameterizedTest
    @MethodSource("successes")
    void appliesOperationsInOrder(Case c) throws Exception {
        JsonNode doc = Json.MAPPER.readTree(c.doc());
        JsonNode before = doc.deepCopy();

        JsonNode got = JsonPatch.parse(c.patch().getBytes(StandardCharsets.UTF_8)).apply(doc);

        assertThat(got).isEqualTo(Json.MAPPER.readTree(c.want()));
        assertThat(doc).as("input untouched").isEqualTo(before);
    }

    static Stream<Case> failures() {
        return Stream.of(
                new Case("add under a missing parent", "{}", "[{\"op\":\"add\",\"path\":\"/a/b\",\"value\":1}]",
                        "add operation does not apply: doc is missing path: \"/a/b\": missing value"),
                new Case("remove a missing member", "{\"a\":{}}", "[{\"op\":\"remove\",\"path\":\"/a/b\"}]",
                        "error in remove for path: '/a/b': Unable to remove nonexistent key: b: missing value"),
                new Case("remove past the end", "{\"a\":[1]}", "[{\"op\":\"remove\",\"path\":\"/a/1\"}]",
                        "error in remove for path: '/a/1': Unable to access invalid index: 1: invalid index referenced"),
                new Case("add past the end", "{\"a\":[1]}", "[{\"op\":\"add\",\"path\":\"/a/3\",\"value\":2}]",
                        "error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced"),
                new Case("a non-numeric index", "{\"a\":[1]}", "[{\"op\":\"add\",\"path\":\"/a/x\",\"value\":2}]",
                        "error in add for path: '/a/x': value was not a proper array index: 'x'"),
                new Case("replace a missing array element", "{\"a\":[]}",
                        "[{\"op\":\"replace\",\"path\":\"/a/0\",\"value\":2}]",
                        "replace operation does not apply: doc is missing key: /a/0: missing value"),
                new Case("a failed test", "{\"a\":1}", "[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]",
                        "testing value /a failed: test failed"),
                new Case("a test of a missing member", "{}", "[{\"op\":\"test\",\"path\":\"/a\",\"value\":null}]",
                        "testing value /a failed: test failed"),
                new Case("move from a missing member", "{\"a\":{}}",
                        "[{\"op\":\"move\",\"from\":\"/a/x\",\"path\":\"/b\"}]",
                        "error in move for path: '/a/x': Unable to remove nonexistent key: x: missing value"),
                new Case("move into its own child", "{\"a\":{\"b\":{}}}",
                        "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/a/b/c\"}]",
                        "move operation does not apply: doc is missing destination path: /a/b/c: missing value"),
                new Case("copy from a missing member", "{}", "[{\"op\":\"copy\",\"from\":\"/x\",\"path\":\"/y\"}]",
                        "copy operation does not apply: doc is missing from path: /x: missing value"),
                new Case("an unknown operation", "{}", "[{\"op\":\"frobnicate\",\"path\":\"/a\"}]",
                        "Unexpected kind: frobnicate"),
                new Case("a missing op", "{}", "[{\"path\":\"/a\"}]", "Unexpected kind: unknown"),
                new Case("a missing path", "{}", "[{\"op\":\"add\",\"value\":1}]",
                        "add operation failed to decode path: missing value"),
                new Case("a missing value", "{}", "[{\"op\":\"add\",\"path\":\"/a\"}]",
                        "add operation, missing value field: missing value"),
                new Case("a pointer without leading slash", "{}", "[{\"op\":\"add\",\"path\":\"a\",\"value\":1}]",
                        "add operation failed to decode path: JSON pointer must be empty or start with /: \"a\""),
                new Case("removing the document", "{}", "[{\"op\":\"remove\",\"path\":\"\"}]",
                        "remove operation does not apply: doc is missing path: \"\": missing value"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void failedOperationsAre422WithTheOperationAndPathInTheMessage(Case c) throws Exception {
        JsonPatch patch = JsonPatch.parse(c.patch().getBytes(StandardCharsets.UTF_8));
        JsonNode doc = Json.MAPPER.readTree(c.doc());

        assertThatThrownBy(() -> patch.apply(doc))
                .isInstanceOfSatisfying(ApiException.Invalid.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(c.want());
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.status().reason()).isEqualTo("Invalid");
                });
    }

    @Test
    void malformedDocumentsAreBadRequests() {
        assertThatThrownBy(() -> JsonPatch.parse("{\"op\":\"add\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessage("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        assertThatThrownBy(() -> JsonPatch.parse("[\"add\"]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessage("json: cannot unmarshal string into Go value of type jsonpatch.Operation");
        assertThatThrownBy(() -> JsonPatch.parse("[{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessageStartingWith("error decoding patch: ");
    }

    @Test
    void tooManyOperationsAreRejectedWith413() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i <= JsonPatch.MAX_OPERATIONS; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"op\":\"add\",\"path\":\"/x\",\"value\":\"y\"}");
        }
        byte[] body = sb.append(']').toString().getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> JsonPatch.parse(body))
                .isInstanceOfSatisfying(ApiException.RequestEntityTooLarge.class, e -> {
                    assertThat(e.code()).isEqualTo(413);
                    assertThat(e.getMessage()).isEqualTo("Request entity too large: The allowed maximum operations in a "
                            + "JSON patch is 10000, got 10001");
                });
    }

    @Test
    void copiesThatBlowUpTheDocumentAreStopped() throws Exception {
        JsonNode doc = Json.MAPPER.readTree("{\"a\":\"0123456789\"}");
        StringBuilder ops = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            ops.append(i == 0 ? "" : ",").append("{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/b").append(i).append("\"}");
        }
        JsonPatch patch = JsonPatch.of(Json.MAPPER.readTree(ops.append(']').toString()), 100);

        assertThatThrownBy(() -> patch.apply(doc))
                .isInstanceOf(ApiException.Invalid.class)
                .hasMessage("Unable to complete the copy, the accumulated size increase of copy is 108, exceeding the limit 100");
    }

    @Test
    void pointersUnescapeAndRejectBadEscapes() {
        assertThat(JsonPointer.parse("/a~1b/c~0d/").tokens()).containsExactly("a/b", "c~d", "");
        assertThat(JsonPointer.escape("a/b~c")).isEqualTo("a~1b~0c");
        assertThatThrownBy(() -> JsonPointer.parse("/a~2")).isInstanceOf(IllegalArgumentException.class);
    }
}
