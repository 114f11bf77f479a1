package dev.tugboat.controllers.garbagecollector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.GroupVersionKind;
import dev.tugboat.api.meta.Meta;
import java.util.Comparator;

/**
 * The identity of a node in the dependency graph: an owner reference's coordinates plus the namespace
 * (upstream's objectReference). For a virtual node (an owner not observed yet) these are the
 * coordinates its first dependent used, which may be wrong.
 *
 * @param namespace "" for cluster-scoped objects
 */
record ObjectReference(String apiVersion, String kind, String name, String uid, String namespace) {

    /** Kind and apiVersion first, then namespace, name and uid (upstream's referenceLessThan). */
    static final Comparator<ObjectReference> ORDER = Comparator.comparing(ObjectReference::kind)
            .thenComparing(ObjectReference::apiVersion)
            .thenComparing(ObjectReference::namespace)
            .thenComparing(ObjectReference::name)
            .thenComparing(ObjectReference::uid);

    /** The identity of an object observed through the informer of {@code kind}. */
    static ObjectReference of(GroupVersionKind kind, JsonNode obj) {
        return new ObjectReference(kind.apiVersion(), kind.kind(), Meta.name(obj), Meta.uid(obj), Meta.namespace(obj));
    }

    /** An owner reference's coordinates in a namespace. */
    static ObjectReference of(OwnerReference ref, String namespace) {
        return new ObjectReference(ref.apiVersion(), ref.kind(), ref.name(), ref.uid(), namespace);
    }

    ObjectReference withNamespace(String ns) {
        return new ObjectReference(apiVersion, kind, name, uid, ns);
    }

    ObjectReference withKind(GroupVersionKind gvk) {
        return new ObjectReference(gvk.apiVersion(), gvk.kind(), name, uid, namespace);
    }

    GroupVersionKind groupVersionKind() {
        return GroupVersionKind.of(apiVersion, kind);
    }

    @Override
    public String toString() {
        return "[" + apiVersion + "/" + kind + ", namespace: " + namespace + ", name: " + name + ", uid: " + uid + "]";
    }
}
