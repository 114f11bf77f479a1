package dev.tugboat.e2e.badinput;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tugboat.e2e.badinput.Fixtures.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Well-formed objects with invalid metadata: names, generateName, label and annotation keys and
 * values, finalizers and owner references. Each is a 422 Invalid whose causes name the field.
 */
final class MetadataCases {

    private static final String SUBDOMAIN = "a lowercase RFC 1123 subdomain";
    private static final String LABEL = "a lowercase RFC 1123 label";
    private static final String DNS1035 = "a DNS-1035 label";
    private static final String LABEL_NAME_PART = "name part must consist of alphanumeric characters";
    private static final String LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric";

    private MetadataCases() {
    }

    static List<BadRequest> all() {
        List<BadRequest> out = new ArrayList<>();
        names(out);
        generateNames(out);
        labels(out);
        annotations(out);
        others(out);
        return out;
    }

    private static BadRequest invalid(String description, String path, ObjectNode body, String field,
                                      String... words) {
        List<String> all = new ArrayList<>(List.of("is invalid"));
        all.addAll(List.of(words));
        return BadRequest.of(description, "POST", path, Fixtures.JSON, body.toString(), 422, "Invalid",
                all.toArray(String[]::new)).withCause(field);
    }

    private static ObjectNode named(Kind kind, String name) {
        ObjectNode obj = kind.valid("placeholder");
        return Fixtures.set(obj, "metadata.name", TextNode.valueOf(name));
    }

    private static void names(List<BadRequest> out) {
        String[] subdomainBad = {"Abc", "ABC", "a_b", "a b", "-a", "a-", ".a", "a.", "a..b", "a/b", "caf\u00e9",
                "a:b", "a@b", "a*", "a\u0000b"};
        for (String name : subdomainBad) {
            out.add(invalid("ConfigMap named " + printable(name), Fixtures.CONFIGMAPS, named(Kind.CONFIGMAP, name),
                    "metadata.name", SUBDOMAIN));
        }
        out.add(invalid("ConfigMap name of 254 characters", Fixtures.CONFIGMAPS,
                named(Kind.CONFIGMAP, "a".repeat(254)), "metadata.name", "must be no more than 253 characters"));
        out.add(invalid("Pod named a_b", Fixtures.PODS, named(Kind.POD, "a_b"), "metadata.name", SUBDOMAIN));
        out.add(invalid("Pod name of 300 characters", Fixtures.PODS, named(Kind.POD, "p".repeat(300)),
                "metadata.name", "must be no more than 253 characters"));
        out.add(invalid("Deployment named Web", Fixtures.DEPLOYMENTS, named(Kind.DEPLOYMENT, "Web"),
                "metadata.name", SUBDOMAIN));
        out.add(invalid("Deployment name of 254 characters", Fixtures.DEPLOYMENTS,
                named(Kind.DEPLOYMENT, "d".repeat(254)), "metadata.name", "must be no more than 253 characters"));
        out.add(invalid("Service name starting with a digit", Fixtures.SERVICES, named(Kind.SERVICE, "1abc"),
                "metadata.name", DNS1035));
        out.add(invalid("Service name with a dot", Fixtures.SERVICES, named(Kind.SERVICE, "a.b"),
                "metadata.name", DNS1035));
        out.add(invalid("Service name in upper case", Fixtures.SERVICES, named(Kind.SERVICE, "Web"),
                "metadata.name", DNS1035));
        out.add(invalid("Service name of 64 characters", Fixtures.SERVICES, named(Kind.SERVICE, "s".repeat(64)),
                "metadata.name", "must be no more than 63 characters"));
        String[][] namespaces = {
                {"n".repeat(64), "must be no more than 63 characters"}, {"a.b", "must not contain dots"},
                {"Abc", LABEL}, {"-a", LABEL}, {"a_b", LABEL},
        };
        for (String[] ns : namespaces) {
            out.add(invalid("Namespace named " + printable(ns[0]), Fixtures.NAMESPACES,
                    Fixtures.parse("{\"metadata\":{\"name\":\"" + ns[0] + "\"}}"), "metadata.name", ns[1]));
        }
        out.add(invalid("ConfigMap with neither name nor generateName", Fixtures.CONFIGMAPS,
                Fixtures.parse("{\"metadata\":{}}"), "metadata.name", "Required value",
                "name or generateName is required"));
        out.add(invalid("ConfigMap with an empty name", Fixtures.CONFIGMAPS,
                Fixtures.parse("{\"metadata\":{\"name\":\"\"}}"), "metadata.name", "Required value"));
        out.add(invalid("Pod without metadata", Fixtures.PODS,
                Fixtures.parse("{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"b\"}]}}"), "metadata.name",
                "Required value"));
    }

    private static void generateNames(List<BadRequest> out) {
        for (String prefix : new String[] {"ABC-", "a_b-", "has space-", "a..b-", "UPPER"}) {
            ObjectNode cm = Fixtures.parse("{\"metadata\":{\"generateName\":\"\"}}");
            Fixtures.set(cm, "metadata.generateName", TextNode.valueOf(prefix));
            out.add(invalid("ConfigMap with generateName " + printable(prefix), Fixtures.CONFIGMAPS, cm,
                    "metadata.generateName", SUBDOMAIN));
        }
        ObjectNode svc = Fixtures.service("placeholder");
        ((ObjectNode) svc.get("metadata")).remove("name");
        Fixtures.set(svc, "metadata.generateName", TextNode.valueOf("9svc-"));
        out.add(invalid("Service with generateName starting with a digit", Fixtures.SERVICES, svc,
                "metadata.generateName", DNS1035));
    }

    private static void labels(List<BadRequest> out) {
        String[][] keys = {
                {"bad key!", LABEL_NAME_PART}, {"-a", LABEL_NAME_PART}, {"a-", LABEL_NAME_PART},
                {"a/b/c", "a valid label key must consist of"}, {"/x", "prefix part must be non-empty"},
                {"x/", "name part must be non-empty"}, {"Example.com/x", "prefix part " + SUBDOMAIN},
                {"k".repeat(64), "name part must be no more than 63 characters"},
                {"p".repeat(254) + "/x", "prefix part must be no more than 253 characters"},
                {"", "name part must be non-empty"},
        };
        for (String[] k : keys) {
            ObjectNode cm = Fixtures.configMap("labelkey");
            ((ObjectNode) cm.get("metadata")).putObject("labels").put(k[0], "v");
            out.add(invalid("ConfigMap label key " + printable(k[0]), Fixtures.CONFIGMAPS, cm, "metadata.labels", k[1]));
        }
        String[][] values = {
                {"bad value!", LABEL_VALUE}, {"-a", LABEL_VALUE}, {"a-", LABEL_VALUE}, {"a b", LABEL_VALUE},
                {"v".repeat(64), "must be no more than 63 characters"}, {"caf\u00e9", LABEL_VALUE},
        };
        for (String[] v : values) {
            ObjectNode cm = Fixtures.configMap("labelvalue");
            ((ObjectNode) cm.get("metadata")).putObject("labels").put("k", v[0]);
            out.add(invalid("ConfigMap label value " + printable(v[0]), Fixtures.CONFIGMAPS, cm, "metadata.labels",
                    v[1]));
        }
        ObjectNode deploy = Fixtures.deployment("badtemplatelabel");
        Fixtures.set(deploy, "spec.template.metadata.labels.bad key!", TextNode.valueOf("web"));
        // Upstream reports template labels at spec.template.labels (ValidatePodTemplateSpec's path).
        out.add(invalid("Deployment template label key 'bad key!'", Fixtures.DEPLOYMENTS, deploy,
                "spec.template.labels", LABEL_NAME_PART));
        ObjectNode pod = Fixtures.pod("badlabel");
        ((ObjectNode) pod.get("metadata")).putObject("labels").put("app", "-web-");
        out.add(invalid("Pod label value '-web-'", Fixtures.PODS, pod, "metadata.labels", LABEL_VALUE));
    }

    private static void annotations(List<BadRequest> out) {
        String[][] keys = {
                {"a/b/c", "a valid label key must consist of"}, {"-x", LABEL_NAME_PART},
                {"bad key!", LABEL_NAME_PART}, {"/x", "prefix part must be non-empty"},
        };
        for (String[] k : keys) {
            ObjectNode cm = Fixtures.configMap("annotationkey");
            ((ObjectNode) cm.get("metadata")).putObject("annotations").put(k[0], "v");
            out.add(invalid("ConfigMap annotation key " + printable(k[0]), Fixtures.CONFIGMAPS, cm,
                    "metadata.annotations", k[1]));
        }
        ObjectNode cm = Fixtures.configMap("bigannotations");
        ObjectNode annotations = ((ObjectNode) cm.get("metadata")).putObject("annotations");
        annotations.put("a", "x".repeat(200_000));
        annotations.put("b", "x".repeat(100_000));
        out.add(invalid("ConfigMap annotations over 256 KiB in total", Fixtures.CONFIGMAPS, cm,
                "metadata.annotations", "Too long", "262144"));
    }

    private static void others(List<BadRequest> out) {
        ObjectNode fin = Fixtures.configMap("badfinalizer");
        ((ObjectNode) fin.get("metadata")).putArray("finalizers").add("bad finalizer!");
        out.add(invalid("ConfigMap finalizer 'bad finalizer!'", Fixtures.CONFIGMAPS, fin, "metadata.finalizers",
                "bad finalizer!"));
        ObjectNode owner = Fixtures.configMap("badowner");
        ((ObjectNode) owner.get("metadata")).putArray("ownerReferences").addObject()
                .put("apiVersion", "v1").put("kind", "Pod").put("name", "x");
        out.add(invalid("ConfigMap owner reference without uid", Fixtures.CONFIGMAPS, owner,
                "metadata.ownerReferences.uid", "must not be empty"));
        ObjectNode key = Fixtures.configMap("baddatakey");
        ((ObjectNode) key.get("data")).put("bad key!", "x");
        out.add(invalid("ConfigMap data key 'bad key!'", Fixtures.CONFIGMAPS, key, "data[bad key!]",
                "a valid config key"));
    }

    /** Names in test titles without control characters. */
    private static String printable(String s) {
        String shown = s.length() > 40 ? s.substring(0, 20) + "…(" + s.length() + " chars)" : s;
        return "'" + shown.replace("\u0000", "\\0") + "'";
    }
}
