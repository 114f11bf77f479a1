package dev.tugboat.e2e.badinput;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.e2e.badinput.Fixtures.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Fields no schema declares, at several depths of each kind. Strict rejects them naming the path;
 * Warn stores the object without them and says so in a {@code Warning} header; Ignore drops them
 * silently.
 */
final class UnknownFields {

    /** An unknown field of a kind, at a printed path. */
    record Placement(Kind kind, String path) {
        ObjectNode body(String name) {
            return Fixtures.set(kind.valid(name), path, IntNode.valueOf(1));
        }
    }

    /** A placement sent under a lenient mode (Warn or Ignore). */
    record Lenient(Placement placement, String mode) {
        @Override
        public String toString() {
            return placement.kind() + " with unknown field " + placement.path() + " under fieldValidation=" + mode;
        }
    }

    static final List<Placement> PLACEMENTS = List.of(
            new Placement(Kind.CONFIGMAP, "foo"),
            new Placement(Kind.CONFIGMAP, "metadata.foo"),
            new Placement(Kind.POD, "spec.foo"),
            new Placement(Kind.POD, "spec.containers[0].foo"),
            new Placement(Kind.POD, "spec.containers[0].ports[0].foo"),
            new Placement(Kind.DEPLOYMENT, "spec.foo"),
            new Placement(Kind.DEPLOYMENT, "spec.template.spec.containers[0].foo"),
            new Placement(Kind.SERVICE, "spec.foo"),
            new Placement(Kind.SERVICE, "spec.ports[0].foo"));

    private UnknownFields() {
    }

    static List<BadRequest> strict() {
        List<BadRequest> out = new ArrayList<>();
        int n = 0;
        for (Placement p : PLACEMENTS) {
            out.add(BadRequest.of(p.kind() + " with unknown field " + p.path() + " under fieldValidation=Strict",
                    "POST", p.kind().collection + "?fieldValidation=Strict", Fixtures.JSON,
                    p.body("strict-" + n++).toString(), 400, "BadRequest", "strict decoding error",
                    "unknown field \"" + p.path() + "\""));
        }
        ObjectNode two = Fixtures.set(Fixtures.set(Kind.POD.valid("strict-two"), "spec.foo", IntNode.valueOf(1)),
                "spec.bar", IntNode.valueOf(2));
        out.add(BadRequest.of("Pod with two unknown fields under fieldValidation=Strict", "POST",
                Fixtures.PODS + "?fieldValidation=Strict", Fixtures.JSON, two.toString(), 400, "BadRequest",
                "unknown field \"spec.foo\"", "unknown field \"spec.bar\""));
        out.add(BadRequest.of("YAML ConfigMap with unknown field spec under fieldValidation=Strict", "POST",
                Fixtures.CONFIGMAPS + "?fieldValidation=Strict", Fixtures.YAML,
                "metadata:\n  name: strict-yaml\nspec:\n  replicas: 1\n", 400, "BadRequest",
                "unknown field \"spec\""));
        return out;
    }

    static List<Lenient> lenient() {
        List<Lenient> out = new ArrayList<>();
        for (Placement p : PLACEMENTS) {
            out.add(new Lenient(p, "Warn"));
            out.add(new Lenient(p, "Ignore"));
        }
        return out;
    }
}
