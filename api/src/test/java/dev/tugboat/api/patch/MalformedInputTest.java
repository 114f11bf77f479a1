package dev.tugboat.api.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.apply.ApplyRequest;
import dev.tugboat.api.patch.apply.FieldManager;
import dev.tugboat.api.patch.apply.ResetFields;
import dev.tugboat.api.patch.apply.UpdateRequest;
import dev.tugboat.api.patch.json.JsonPatch;
import dev.tugboat.api.patch.merge.MergePatch;
import dev.tugboat.api.patch.strategic.StrategicMergePatch;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Random, mostly malformed documents (seeded, so failures reproduce) must only ever produce
 * {@link ApiException}s: never another exception type.
 */
class MalformedInputTest {

    static final int ROUNDS = 3000;
    static final List<String> KEYS = List.of("spec", "template", "containers", "name", "image", "ports", "containerPort",
            "protocol", "env", "metadata", "labels", "finalizers", "strategy", "type", "rollingUpdate", "replicas", "args",
            "tolerations", "volumes", "emptyDir", "managedFields", "$patch", "$retainKeys", "$setElementOrder/containers",
            "$deleteFromPrimitiveList/finalizers", "$setElementOrder/finalizers", "$setElementOrder", "x");
    static final List<String> STRINGS = List.of("delete", "replace", "merge", "a", "b", "nginx", "TCP", "");

    final Random random = new Random(20240501);

    JsonNode value(int depth) {
        int pick = random.nextInt(depth <= 0 ? 4 : 7);
        return switch (pick) {
            case 0 -> Json.MAPPER.nullNode();
            case 1 -> Json.MAPPER.getNodeFactory().textNode(STRINGS.get(random.nextInt(STRINGS.size())));
            case 2 -> Json.MAPPER.getNodeFactory().numberNode(random.nextInt(100) - 10);
            case 3 -> Json.MAPPER.getNodeFactory().booleanNode(random.nextBoolean());
            case 4, 5 -> object(depth - 1);
            default -> array(depth - 1);
        };
    }

    ObjectNode object(int depth) {
        ObjectNode o = Json.object();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            o.set(KEYS.get(random.nextInt(KEYS.size())), value(depth));
        }
        return o;
    }

    ArrayNode array(int depth) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            a.add(value(depth));
        }
        return a;
    }

    static void onlyApiExceptions(Supplier<?> action, Object input) {
        try {
            action.get();
        } catch (ApiException expected) {
            assertThat(expected.code()).isBetween(400, 499);
        } catch (RuntimeException | StackOverflowError unexpected) {
            throw new AssertionError("unexpected " + unexpected + " for " + input, unexpected);
        }
    }

    @Test
    void strategicMergePatchOnlyFailsWithApiExceptions() {
        StrategicMergePatch smp = new StrategicMergePatch(TestSchemas.DEPLOYMENT);
        for (int i = 0; i < ROUNDS; i++) {
            ObjectNode live = object(5);
            JsonNode patch = random.nextInt(10) == 0 ? value(2) : object(5);
            onlyApiExceptions(() -> smp.apply(live, patch), List.of(live, patch));
        }
    }

    @Test
    void jsonAndMergePatchesOnlyFailWithApiExceptions() {
        List<String> ops = List.of("add", "remove", "replace", "move", "copy", "test", "nope");
        List<String> paths = List.of("", "/", "/spec", "/spec/replicas", "/a/0", "/a/-", "/a/-1", "/spec/x~1y", "/~2",
                "/a/99999999999999999999", "x");
        for (int i = 0; i < ROUNDS; i++) {
            JsonNode doc = object(4);
            ArrayNode patch = Json.MAPPER.createArrayNode();
            for (int j = random.nextInt(4); j >= 0; j--) {
                ObjectNode op = patch.addObject();
                op.put("op", ops.get(random.nextInt(ops.size())));
                op.put("path", paths.get(random.nextInt(paths.size())));
                if (random.nextBoolean()) {
                    op.put("from", paths.get(random.nextInt(paths.size())));
                }
                if (random.nextBoolean()) {
                    op.set("value", value(2));
                }
            }
            onlyApiExceptions(() -> JsonPatch.of(patch).apply(doc), List.of(doc, patch));
            JsonNode merge = value(3);
            onlyApiExceptions(() -> MergePatch.applyToObject((ObjectNode) doc, merge), List.of(doc, merge));
        }
    }

    @Test
    void serverSideApplyAndUpdateTrackingOnlyFailWithApiExceptions() {
        FieldManager fields = new FieldManager(TestSchemas.DEPLOYMENT);
        Instant now = Instant.parse("2024-05-01T10:00:00Z");
        for (int i = 0; i < ROUNDS; i++) {
            ObjectNode live = random.nextInt(5) == 0 ? null : object(5);
            ObjectNode config = object(5);
            config.put("apiVersion", "apps/v1").put("kind", "Deployment");
            onlyApiExceptions(() -> fields.apply(live, config, new ApplyRequest("m" + random.nextInt(3),
                    TestSchemas.gvk("apps", "v1", "Deployment"), "", random.nextBoolean(), now, ResetFields.STATUS)),
                    List.of(String.valueOf(live), config));
            ObjectNode updated = object(5);
            ObjectNode result = fields.update(live, updated, new UpdateRequest("u", "apps/v1", "", now, ResetFields.STATUS));
            assertThat(result).isNotNull();
        }
    }
}
