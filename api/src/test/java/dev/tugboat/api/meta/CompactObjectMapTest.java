package dev.tugboat.api.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactObjectMapTest {

    /** Random operations on both maps, below and above the index threshold, compared after each step. */
    @Test
    void behavesLikeALinkedHashMap() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            CompactObjectMap compact = new CompactObjectMap();
            Map<String, JsonNode> reference = new LinkedHashMap<>();
            int keySpace = 1 + random.nextInt(3 * CompactObjectMap.INDEX_THRESHOLD);
            for (int step = 0; step < 300; step++) {
                // A fresh String each time: lookups must not depend on identity.
                String key = new String("k" + random.nextInt(keySpace));
                JsonNode value = IntNode.valueOf(random.nextInt(1000));
                switch (random.nextInt(6)) {
                    case 0, 1, 2 -> assertThat(compact.put(key, value)).isEqualTo(reference.put(key, value));
                    case 3 -> assertThat(compact.remove(key)).isEqualTo(reference.remove(key));
                    case 4 -> {
                        // Removal through an iterator of one of the three views.
                        List<String> order = new ArrayList<>(compact.keySet());
                        Iterator<?> it = switch (random.nextInt(3)) {
                            case 0 -> compact.keySet().iterator();
                            case 1 -> compact.values().iterator();
                            default -> compact.entrySet().iterator();
                        };
                        for (String k : order) {
                            it.next();
                            if (k.equals(key)) {
                                it.remove();
                            }
                        }
                        assertThat(it.hasNext()).isFalse();
                        reference.remove(key);
                    }
                    default -> {
                        for (Map.Entry<String, JsonNode> e : compact.entrySet()) {
                            if (e.getKey().equals(key)) {
                                e.setValue(value);
                            }
                        }
                        reference.computeIfPresent(key, (k, v) -> value);
                    }
                }
                assertThat(compact.get(key)).isEqualTo(reference.get(key));
                assertThat(compact.containsKey(key)).isEqualTo(reference.containsKey(key));
                assertThat(new ArrayList<>(compact.keySet())).isEqualTo(new ArrayList<>(reference.keySet()));
                assertThat(new ArrayList<>(compact.values())).isEqualTo(new ArrayList<>(reference.values()));
                assertThat(compact).isEqualTo(reference);
                assertThat(reference).isEqualTo(compact);
                assertThat(compact.hashCode()).isEqualTo(reference.hashCode());
            }
        }
    }

    @Test
    void iterationFailsFastAfterAStructuralChange() {
        CompactObjectMap m = new CompactObjectMap();
        m.put("a", IntNode.valueOf(1));
        m.put("b", IntNode.valueOf(2));
        Iterator<Map.Entry<String, JsonNode>> it = m.entrySet().iterator();
        it.next();
        m.put("c", IntNode.valueOf(3));
        assertThatThrownBy(it::next).isInstanceOf(ConcurrentModificationException.class);
    }

    @Test
    void treesParsedAndBuiltKeepMemberOrderAndRoundTrip() throws Exception {
        String json = "{\"b\":1,\"a\":{\"z\":[1,{\"y\":null}],\"x\":\"s\"},\"c\":true}";
        ObjectNode tree = (ObjectNode) Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Json.string(tree)).isEqualTo(json);
        ObjectNode copy = tree.deepCopy();
        copy.remove("b");
        copy.put("b", 2);
        assertThat(Json.string(copy)).isEqualTo("{\"a\":{\"z\":[1,{\"y\":null}],\"x\":\"s\"},\"c\":true,\"b\":2}");
        assertThat(Json.string(tree)).isEqualTo(json);
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("b", "a", "c");
        assertThat(tree.retain("a", "c").size()).isEqualTo(2);
        assertThat(Json.object().put("k", 1)).isEqualTo(Json.MAPPER.createObjectNode().put("k", 1));
    }
}
