package dev.tugboat.controllers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.GroupVersionResource;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.client.rest.ApiClient;
import dev.tugboat.client.rest.ResourceClient;
import dev.tugboat.client.rest.StatusException;

/** Builders and lookups for the objects controller tests create. */
public final class Objects {

    public static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    public static final GroupVersionResource CONFIGMAPS = new GroupVersionResource("", "v1", "configmaps");
    public static final GroupVersionResource SECRETS = new GroupVersionResource("", "v1", "secrets");
    public static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    public static final GroupVersionResource SERVICE_ACCOUNTS = new GroupVersionResource("", "v1", "serviceaccounts");
    public static final GroupVersionResource CRDS =
            new GroupVersionResource("apiextensions.k8s.io", "v1", "customresourcedefinitions");

    private Objects() {
    }

    public static ObjectNode named(String apiVersion, String kind, String name) {
        ObjectNode o = Json.object();
        o.put("apiVersion", apiVersion).put("kind", kind);
        o.putObject("metadata").put("name", name);
        return o;
    }

    public static ObjectNode configMap(String name) {
        ObjectNode o = named("v1", "ConfigMap", name);
        o.putObject("data").put("k", "v");
        return o;
    }

    public static ObjectNode secret(String name) {
        ObjectNode o = named("v1", "Secret", name);
        o.putObject("stringData").put("k", "v");
        return o;
    }

    public static ObjectNode pod(String name) {
        ObjectNode o = named("v1", "Pod", name);
        o.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "busybox");
        return o;
    }

    /** Adds an ownerReference to {@code owner} (as created, with its uid). */
    public static ObjectNode ownedBy(ObjectNode obj, ObjectNode owner, boolean blockOwnerDeletion) {
        ObjectNode meta = Meta.mutableMetadata(obj);
        ArrayNode refs = meta.has("ownerReferences") ? (ArrayNode) meta.get("ownerReferences")
                : meta.putArray("ownerReferences");
        refs.addObject().put("apiVersion", owner.path("apiVersion").asText())
                .put("kind", owner.path("kind").asText()).put("name", Meta.name(owner)).put("uid", Meta.uid(owner))
                .put("blockOwnerDeletion", blockOwnerDeletion);
        return obj;
    }

    /** An ownerReference with explicit coordinates (for dangling and mismatched references). */
    public static ObjectNode ownedBy(ObjectNode obj, String apiVersion, String kind, String name, String uid) {
        ObjectNode meta = Meta.mutableMetadata(obj);
        ArrayNode refs = meta.has("ownerReferences") ? (ArrayNode) meta.get("ownerReferences")
                : meta.putArray("ownerReferences");
        refs.addObject().put("apiVersion", apiVersion).put("kind", kind).put("name", name).put("uid", uid);
        return obj;
    }

    /**
     * Creates a namespace and, standing in for the service-account controller (which most tests do not
     * run), its {@code default} ServiceAccount, without which the API server rejects pods.
     */
    public static ObjectNode namespace(ApiClient api, String name) {
        ObjectNode ns = api.resource(NAMESPACES).create("", named("v1", "Namespace", name));
        try {
            api.resource(SERVICE_ACCOUNTS).create(name, named("v1", "ServiceAccount", "default"));
        } catch (StatusException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
        return ns;
    }

    /**
     * A patch retried on 409: Tugboat's API server still answers a patch that loses a race with another
     * writer (here: the controller writing status) with a conflict instead of re-applying it.
     */
    public static ObjectNode patch(ResourceClient c, String ns, String name, dev.tugboat.client.rest.PatchType type,
                                   com.fasterxml.jackson.databind.JsonNode patch) {
        for (int attempt = 0; ; attempt++) {
            try {
                return c.patch(ns, name, type, patch);
            } catch (StatusException e) {
                if (!e.isConflict() || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    /** Whether the object exists (any uid). */
    public static boolean exists(ResourceClient c, String ns, String name) {
        try {
            c.get(ns, name);
            return true;
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    /** A namespaced CRD {@code <plural>.<group>} with one served version v1 and an open schema. */
    public static ObjectNode crd(String group, String plural, String kind, String scope) {
        ObjectNode crd = named("apiextensions.k8s.io/v1", "CustomResourceDefinition", plural + "." + group);
        ObjectNode spec = crd.putObject("spec").put("group", group).put("scope", scope);
        spec.putObject("names").put("plural", plural).put("singular", kind.toLowerCase()).put("kind", kind)
                .put("listKind", kind + "List");
        ObjectNode v = spec.putArray("versions").addObject().put("name", "v1").put("served", true)
                .put("storage", true);
        v.putObject("schema").putObject("openAPIV3Schema").put("type", "object")
                .put("x-kubernetes-preserve-unknown-fields", true);
        return crd;
    }
}
