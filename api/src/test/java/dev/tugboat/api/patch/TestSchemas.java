package dev.tugboat.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.schema.Schema;
import dev.tugboat.api.schema.Schema.ListOf;
import dev.tugboat.api.schema.Schema.ListType;
import dev.tugboat.api.schema.Schema.MapOf;
import dev.tugboat.api.schema.Schema.Property;
import dev.tugboat.api.schema.Schema.Scalar;
import dev.tugboat.api.schema.Schema.ScalarType;
import dev.tugboat.api.schema.Schema.Struct;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-built subsets of upstream's schemas (Deployment, Pod template, Container, ConfigMap, Service,
 * ObjectMeta and a custom resource) with the list types, merge keys and strategies of
 * patch-apply-facts §1.3, for the patch and apply tests.
 */
public final class TestSchemas {

    public static final Scalar STRING = new Scalar(ScalarType.STRING, "", "");
    public static final Scalar INT = new Scalar(ScalarType.INTEGER, "int32", "");
    public static final Scalar BOOL = new Scalar(ScalarType.BOOLEAN, "", "");
    public static final Scalar INT_OR_STRING = new Scalar(ScalarType.INT_OR_STRING, "int-or-string", "");
    public static final Scalar QUANTITY = new Scalar(ScalarType.QUANTITY, "", "");

    public static final Struct OWNER_REFERENCE = atomicStruct("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
            prop("apiVersion", STRING), prop("kind", STRING), prop("name", STRING), prop("uid", STRING),
            prop("controller", BOOL));

    public static final Struct MANAGED_FIELDS_ENTRY = struct("io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry",
            prop("manager", STRING), prop("operation", STRING), prop("apiVersion", STRING), prop("time", STRING),
            prop("fieldsType", STRING), prop("fieldsV1", new Schema.Untyped("")), prop("subresource", STRING));

    public static final Struct OBJECT_META = struct("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
            prop("name", STRING), prop("generateName", STRING), prop("namespace", STRING), prop("uid", STRING),
            prop("resourceVersion", STRING), prop("generation", INT), prop("creationTimestamp", STRING),
            prop("deletionTimestamp", STRING), prop("selfLink", STRING),
            prop("labels", mapOf(STRING)), prop("annotations", mapOf(STRING)),
            prop("finalizers", setList(STRING)),
            prop("ownerReferences", mapList(OWNER_REFERENCE, "uid", "uid")),
            prop("managedFields", atomicList(MANAGED_FIELDS_ENTRY)));

    public static final Struct LABEL_SELECTOR = atomicStruct("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
            prop("matchLabels", mapOf(STRING)), prop("matchExpressions", atomicList(struct("",
                    prop("key", STRING), prop("operator", STRING), prop("values", atomicList(STRING))))));

    public static final Struct CONTAINER_PORT = struct("io.k8s.api.core.v1.ContainerPort",
            prop("name", STRING), prop("containerPort", INT), prop("hostPort", INT),
            defaulted("protocol", STRING, TextNode.valueOf("TCP")));

    public static final Struct ENV_VAR = struct("io.k8s.api.core.v1.EnvVar", prop("name", STRING), prop("value", STRING));

    public static final Struct CONTAINER = struct("io.k8s.api.core.v1.Container",
            prop("name", STRING), prop("image", STRING), prop("imagePullPolicy", STRING),
            prop("args", atomicList(STRING)), prop("command", atomicList(STRING)),
            prop("ports", new ListOf(CONTAINER_PORT, ListType.MAP, List.of("containerPort", "protocol"), "merge",
                    "containerPort", "")),
            prop("env", mapList(ENV_VAR, "name", "name")),
            prop("volumeMounts", mapList(struct("", prop("name", STRING), prop("mountPath", STRING)),
                    "mountPath", "mountPath")),
            prop("resources", struct("", prop("limits", mapOf(QUANTITY)), prop("requests", mapOf(QUANTITY)))),
            prop("terminationMessagePath", STRING));

    public static final Struct VOLUME = struct("io.k8s.api.core.v1.Volume",
            prop("name", STRING), prop("emptyDir", struct("", prop("medium", STRING))),
            prop("configMap", struct("", prop("name", STRING))), prop("secret", struct("", prop("secretName", STRING))));

    public static final Struct TOLERATION = struct("io.k8s.api.core.v1.Toleration",
            prop("key", STRING), prop("operator", STRING), prop("value", STRING), prop("effect", STRING));

    public static final Struct POD_SPEC = struct("io.k8s.api.core.v1.PodSpec",
            prop("containers", mapList(CONTAINER, "name", "name")),
            prop("initContainers", mapList(CONTAINER, "name", "name")),
            prop("volumes", new ListOf(VOLUME, ListType.MAP, List.of("name"), "merge,retainKeys", "name", "")),
            prop("tolerations", atomicList(TOLERATION)),
            prop("nodeSelector", atomicMapOf(STRING)),
            prop("restartPolicy", STRING), prop("dnsPolicy", STRING),
            prop("affinity", struct("io.k8s.api.core.v1.Affinity",
                    prop("nodeAffinity", struct("", prop("requiredDuringSchedulingIgnoredDuringExecution",
                            struct("", prop("nodeSelectorTerms", atomicList(STRING)))))),
                    prop("podAffinity", struct("", prop("preferredDuringSchedulingIgnoredDuringExecution",
                            atomicList(STRING)))))));

    public static final Struct POD_TEMPLATE = struct("io.k8s.api.core.v1.PodTemplateSpec",
            prop("metadata", OBJECT_META), prop("spec", POD_SPEC));

    public static final Struct CONDITION = struct("", prop("type", STRING), prop("status", STRING),
            prop("reason", STRING), prop("message", STRING));

    public static final Struct DEPLOYMENT = kind("io.k8s.api.apps.v1.Deployment", gvk("apps", "v1", "Deployment"),
            prop("spec", struct("io.k8s.api.apps.v1.DeploymentSpec",
                    prop("replicas", INT), prop("paused", BOOL), prop("progressDeadlineSeconds", INT),
                    prop("revisionHistoryLimit", INT), prop("selector", LABEL_SELECTOR), prop("template", POD_TEMPLATE),
                    new Property("strategy", struct("io.k8s.api.apps.v1.DeploymentStrategy", prop("type", STRING),
                            prop("rollingUpdate", struct("", prop("maxSurge", INT_OR_STRING),
                                    prop("maxUnavailable", INT_OR_STRING)))), "", null, "retainKeys"))),
            prop("status", struct("io.k8s.api.apps.v1.DeploymentStatus", prop("replicas", INT),
                    prop("readyReplicas", INT), prop("observedGeneration", INT),
                    prop("conditions", mapList(CONDITION, "type", "type")))));

    public static final Struct CONFIG_MAP = kind("io.k8s.api.core.v1.ConfigMap", gvk("", "v1", "ConfigMap"),
            prop("data", mapOf(STRING)), prop("binaryData", mapOf(STRING)), prop("immutable", BOOL));

    public static final Struct SERVICE = kind("io.k8s.api.core.v1.Service", gvk("", "v1", "Service"),
            prop("spec", struct("io.k8s.api.core.v1.ServiceSpec",
                    prop("type", STRING), prop("clusterIP", STRING), prop("selector", atomicMapOf(STRING)),
                    prop("externalIPs", atomicList(STRING)),
                    prop("ports", new ListOf(struct("io.k8s.api.core.v1.ServicePort", prop("name", STRING),
                            prop("port", INT), prop("targetPort", INT_OR_STRING),
                            defaulted("protocol", STRING, TextNode.valueOf("TCP"))),
                            ListType.MAP, List.of("port", "protocol"), "merge", "port", "")))));

    /** A custom resource: no patch strategies; lists atomic unless list-type says otherwise. */
    public static final Struct WIDGET = kind("example.com.v1.Widget", gvk("example.com", "v1", "Widget"),
            prop("spec", struct("", prop("items", atomicList(STRING)),
                    prop("tags", new ListOf(STRING, ListType.SET, List.of(), null, null, "")),
                    prop("size", INT), prop("extra", new Schema.Untyped("")))));

    private TestSchemas() {
    }

    public static GroupVersionKind gvk(String group, String version, String kind) {
        return new GroupVersionKind(group, version, kind);
    }

    public static Property prop(String name, Schema schema) {
        return new Property(name, schema, "", null, null);
    }

    public static Property defaulted(String name, Schema schema, JsonNode defaultValue) {
        return new Property(name, schema, "", defaultValue, null);
    }

    public static Struct struct(String name, Property... properties) {
        return new Struct(name, "", byName(properties), List.of(), false, false, List.of());
    }

    public static Struct atomicStruct(String name, Property... properties) {
        return new Struct(name, "", byName(properties), List.of(), true, false, List.of());
    }

    /** A top-level kind: apiVersion, kind and metadata plus the given fields. */
    public static Struct kind(String name, GroupVersionKind gvk, Property... properties) {
        Map<String, Property> all = new LinkedHashMap<>();
        all.put("apiVersion", prop("apiVersion", STRING));
        all.put("kind", prop("kind", STRING));
        all.put("metadata", prop("metadata", OBJECT_META));
        all.putAll(byName(properties));
        return new Struct(name, "", all, List.of(), false, false, List.of(gvk));
    }

    public static MapOf mapOf(Schema values) {
        return new MapOf(values, false, "");
    }

    public static MapOf atomicMapOf(Schema values) {
        return new MapOf(values, true, "");
    }

    /** A list merged by {@code smpKey} under SMP and a list-map keyed by {@code ssaKeys} under SSA. */
    public static ListOf mapList(Schema items, String smpKey, String... ssaKeys) {
        return new ListOf(items, ListType.MAP, List.of(ssaKeys), "merge", smpKey, "");
    }

    /** A primitive list merged under SMP and a set under SSA (e.g. finalizers). */
    public static ListOf setList(Schema items) {
        return new ListOf(items, ListType.SET, List.of(), "merge", null, "");
    }

    public static ListOf atomicList(Schema items) {
        return new ListOf(items, ListType.ATOMIC, List.of(), null, null, "");
    }

    private static Map<String, Property> byName(Property... properties) {
        Map<String, Property> m = new LinkedHashMap<>();
        for (Property p : properties) {
            m.put(p.name(), p);
        }
        return m;
    }
}
