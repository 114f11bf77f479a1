package dev.tugboat.api.openapi;

import dev.tugboat.api.meta.GroupVersion;

/**
 * Upstream's operation ids and tags: {@code readAppsV1NamespacedDeployment},
 * {@code deleteCoreV1CollectionNamespacedPod}, {@code listCoreV1PodForAllNamespaces}; tag {@code apps_v1}.
 */
record Naming(GroupVersion gv, String kind, boolean namespaced) {

    /** {@code CoreV1}, {@code AppsV1}, {@code RbacAuthorizationV1}, {@code ExampleComV1}. */
    static String groupVersion(GroupVersion gv) {
        return camelGroup(gv) + GroupVersionDocument.capitalize(gv.version());
    }

    /** {@code core_v1}, {@code apps_v1}, {@code rbacAuthorization_v1}. */
    static String tag(GroupVersion gv) {
        String g = camelGroup(gv);
        return Character.toLowerCase(g.charAt(0)) + g.substring(1) + "_" + gv.version();
    }

    private static String camelGroup(GroupVersion gv) {
        String group = gv.isCore() ? "core" : gv.group().replaceFirst("\\.k8s\\.io$", "");
        StringBuilder sb = new StringBuilder();
        for (String part : group.split("[.-]")) {
            sb.append(GroupVersionDocument.capitalize(part));
        }
        return sb.toString();
    }

    String id(String verb, String suffix) {
        return verb + groupVersion(gv) + (namespaced ? "Namespaced" : "") + kind + suffix;
    }

    String collectionId() {
        return "delete" + groupVersion(gv) + "Collection" + (namespaced ? "Namespaced" : "") + kind;
    }

    String allNamespacesId(String verb, String suffix) {
        return verb + groupVersion(gv) + kind + suffix + "ForAllNamespaces";
    }
}
