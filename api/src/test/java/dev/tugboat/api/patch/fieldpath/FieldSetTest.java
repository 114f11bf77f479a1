package dev.tugboat.api.patch.fieldpath;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSetTest {

    static final Path A = Path.fields("a");
    static final Path AB = Path.fields("a", "b");
    static final Path AC = Path.fields("a", "c");
    static final Path D = Path.fields("d");

    @Test
    void unionIntersectionAndDifferenceWorkPathByPath() {
        FieldSet left = FieldSet.of(A, AB, D);
        FieldSet right = FieldSet.of(AB, AC);

        assertThat(left.union(right).paths()).containsExactly(A, D, AB, AC);
        assertThat(left.intersection(right).paths()).containsExactly(AB);
        assertThat(left.difference(right).paths()).containsExactly(A, D);
    }

    @Test
    void differenceKeepsDescendantsButRecursiveDifferenceDropsThem() {
        FieldSet set = FieldSet.of(A, AB, AC, D);
        FieldSet remove = FieldSet.of(A);

        assertThat(set.difference(remove).paths()).containsExactly(D, AB, AC);
        assertThat(set.recursiveDifference(remove).paths()).containsExactly(D);
    }

    @Test
    void iterationVisitsMembersBeforeChildrenAtEachLevel() {
        Path replicas = Path.fields("spec", "replicas");
        Path paused = Path.fields("spec", "paused");
        Path image = Path.fields("spec", "template", "image");
        Path label = Path.fields("metadata", "labels", "x");
        FieldSet set = FieldSet.of(image, replicas, label, paused);

        assertThat(set.paths()).containsExactly(label, paused, replicas, image);
    }

    @Test
    void membershipIsExactAndTheRootIsNeverAMember() {
        FieldSet set = FieldSet.of(AB);

        assertThat(set.has(AB)).isTrue();
        assertThat(set.has(A)).isFalse();
        assertThat(set.has(Path.root())).isFalse();
        assertThat(set.withPrefix(new PathElement.Field("a")).paths()).containsExactly(Path.fields("b"));
        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void emptyChildrenNeverRemainAfterOperations() {
        FieldSet set = FieldSet.of(AB).difference(FieldSet.of(AB));

        assertThat(set.isEmpty()).isTrue();
        assertThat(set).isEqualTo(FieldSet.empty());
    }

    @Test
    void pathsRenderAsInConflictMessages() {
        PathElement nginx = new PathElement.Key(List.of(new PathElement.KeyField("name", TextNode.valueOf("nginx"))));
        PathElement port = new PathElement.Key(List.of(
                new PathElement.KeyField("protocol", TextNode.valueOf("TCP")),
                new PathElement.KeyField("port", IntNode.valueOf(80))));

        assertThat(Path.fields("spec", "replicas")).hasToString(".spec.replicas");
        assertThat(Path.fields("spec", "template", "spec", "containers").child(nginx).child("image"))
                .hasToString(".spec.template.spec.containers[name=\"nginx\"].image");
        assertThat(Path.fields("spec", "ports").child(port).child("targetPort"))
                .hasToString(".spec.ports[port=80,protocol=\"TCP\"].targetPort");
        assertThat(Path.fields("metadata", "finalizers").child(new PathElement.Value(TextNode.valueOf("example.com/a"))))
                .hasToString(".metadata.finalizers[=\"example.com/a\"]");
        assertThat(Path.fields("a").child(new PathElement.Index(3))).hasToString(".a[3]");
    }
}
