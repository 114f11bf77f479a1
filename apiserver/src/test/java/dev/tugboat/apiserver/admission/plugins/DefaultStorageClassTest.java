package dev.tugboat.apiserver.admission.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which class is the default, as upstream's GetDefaultClass chooses. */
class DefaultStorageClassTest {

    record Case(String name, List<ObjectNode> classes, Optional<String> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ObjectNode storageClass(String name, String created, String annotation, String value) {
        ObjectNode c = Json.object();
        ObjectNode meta = c.putObject("metadata").put("name", name).put("creationTimestamp", created);
        if (annotation != null) {
            meta.putObject("annotations").put(annotation, value);
        }
        return c;
    }

    static Stream<Case> cases() {
        String ga = DefaultStorageClass.IS_DEFAULT_CLASS;
        String beta = DefaultStorageClass.BETA_IS_DEFAULT_CLASS;
        return Stream.of(
                new Case("no classes means no default", List.of(), Optional.empty()),
                new Case("classes without the annotation are not defaults",
                        List.of(storageClass("a", "2024-01-01T00:00:00Z", null, null)), Optional.empty()),
                new Case("an annotation other than \"true\" does not count",
                        List.of(storageClass("a", "2024-01-01T00:00:00Z", ga, "false"),
                                storageClass("b", "2024-01-01T00:00:00Z", ga, "yes")), Optional.empty()),
                new Case("the one default class is chosen",
                        List.of(storageClass("plain", "2024-01-01T00:00:00Z", null, null),
                                storageClass("fast", "2023-01-01T00:00:00Z", ga, "true")), Optional.of("fast")),
                new Case("the beta annotation counts too",
                        List.of(storageClass("old", "2023-01-01T00:00:00Z", beta, "true")), Optional.of("old")),
                new Case("of several defaults the newest wins",
                        List.of(storageClass("older", "2023-01-01T00:00:00Z", ga, "true"),
                                storageClass("newer", "2024-06-01T00:00:00Z", ga, "true"),
                                storageClass("middle", "2024-01-01T00:00:00Z", beta, "true")), Optional.of("newer")),
                new Case("defaults created in the same second are ordered by name",
                        List.of(storageClass("zeta", "2024-01-01T00:00:00Z", ga, "true"),
                                storageClass("alpha", "2024-01-01T00:00:00Z", ga, "true")), Optional.of("alpha")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void choosesTheDefaultClass(Case c) {
        assertThat(DefaultStorageClass.defaultClass(c.classes())).isEqualTo(c.want());
    }
}
