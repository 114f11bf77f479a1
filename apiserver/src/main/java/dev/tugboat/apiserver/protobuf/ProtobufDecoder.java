package dev.tugboat.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.meta.GroupVersion;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Timestamps;
import io.kubernetes.client.proto.Runtime;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes Kubernetes protobuf request bodies ({@code application/vnd.kubernetes.protobuf}) into JSON
 * trees: the {@code k8s\0} magic, a {@code runtime.Unknown} envelope naming apiVersion and kind, and the
 * object encoded with k8s.io/api's generated.proto — whose field names are the JSON names. kubectl 1.32
 * and 1.33 send these for their {@code create} generators, {@code auth can-i} and {@code autoscale}.
 *
 * <p>Go's protobuf encoding writes every non-pointer field, including zero values that JSON would omit
 * ({@code omitempty}). A zero scalar ({@code 0}, {@code false}, {@code ""}) is therefore dropped unless the
 * field is required by its schema (Go writes those to JSON too) or is one of the pointer fields whose zero
 * means something ({@code replicas: 0}). Empty lists, maps and zero timestamps are dropped. Immutable and
 * thread-safe.
 */
public final class ProtobufDecoder {

    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
    private static final String META_PACKAGE = "k8s.io.apimachinery.pkg.apis.meta.v1";

    /**
     * Go structs embedded with {@code json:",inline"}: protobuf nests them as a field, JSON flattens their
     * fields into the parent (message full name → field name).
     */
    private static final java.util.Set<String> INLINED = java.util.Set.of(
            "k8s.io.api.core.v1.Volume.volumeSource",
            "k8s.io.api.core.v1.PersistentVolumeSpec.persistentVolumeSource",
            "k8s.io.api.core.v1.Probe.handler",
            "k8s.io.api.core.v1.EphemeralContainer.ephemeralContainerCommon",
            "k8s.io.api.networking.v1.IngressRule.ingressRuleValue",
            "k8s.io.api.admissionregistration.v1.RuleWithOperations.rule");

    /**
     * Go pointer fields (set only when given) whose zero value is meaningful, as {@code <message>.<field>}
     * with the message's protobuf full name. Other zero scalars are Go zero values of omitempty fields.
     */
    private static final java.util.Set<String> MEANINGFUL_ZERO = java.util.Set.of(
            "k8s.io.api.apps.v1.DeploymentSpec.replicas", "k8s.io.api.apps.v1.DeploymentSpec.revisionHistoryLimit",
            "k8s.io.api.apps.v1.DeploymentSpec.progressDeadlineSeconds", "k8s.io.api.apps.v1.ReplicaSetSpec.replicas",
            "k8s.io.api.apps.v1.StatefulSetSpec.replicas", "k8s.io.api.apps.v1.StatefulSetSpec.revisionHistoryLimit",
            "k8s.io.api.apps.v1.DaemonSetSpec.revisionHistoryLimit",
            "k8s.io.api.core.v1.ReplicationControllerSpec.replicas",
            "k8s.io.api.core.v1.PodSpec.terminationGracePeriodSeconds", "k8s.io.api.core.v1.PodSpec.activeDeadlineSeconds",
            "k8s.io.api.core.v1.PodSpec.automountServiceAccountToken", "k8s.io.api.core.v1.PodSpec.enableServiceLinks",
            "k8s.io.api.core.v1.PodSpec.shareProcessNamespace", "k8s.io.api.core.v1.PodSpec.hostUsers",
            "k8s.io.api.core.v1.SecurityContext.runAsUser", "k8s.io.api.core.v1.SecurityContext.runAsGroup",
            "k8s.io.api.core.v1.SecurityContext.runAsNonRoot", "k8s.io.api.core.v1.SecurityContext.privileged",
            "k8s.io.api.core.v1.SecurityContext.readOnlyRootFilesystem",
            "k8s.io.api.core.v1.SecurityContext.allowPrivilegeEscalation",
            "k8s.io.api.core.v1.PodSecurityContext.runAsUser", "k8s.io.api.core.v1.PodSecurityContext.runAsGroup",
            "k8s.io.api.core.v1.PodSecurityContext.fsGroup", "k8s.io.api.core.v1.PodSecurityContext.runAsNonRoot",
            "k8s.io.api.core.v1.ServiceAccount.automountServiceAccountToken", "k8s.io.api.core.v1.Secret.immutable",
            "k8s.io.api.core.v1.ConfigMap.immutable", "k8s.io.api.core.v1.ServiceSpec.allocateLoadBalancerNodePorts",
            "k8s.io.api.batch.v1.JobSpec.parallelism", "k8s.io.api.batch.v1.JobSpec.completions",
            "k8s.io.api.batch.v1.JobSpec.activeDeadlineSeconds", "k8s.io.api.batch.v1.JobSpec.backoffLimit",
            "k8s.io.api.batch.v1.JobSpec.ttlSecondsAfterFinished", "k8s.io.api.batch.v1.JobSpec.suspend",
            "k8s.io.api.batch.v1.JobSpec.manualSelector", "k8s.io.api.batch.v1.JobSpec.backoffLimitPerIndex",
            "k8s.io.api.batch.v1.JobSpec.maxFailedIndexes", "k8s.io.api.batch.v1.CronJobSpec.startingDeadlineSeconds",
            "k8s.io.api.batch.v1.CronJobSpec.suspend", "k8s.io.api.batch.v1.CronJobSpec.successfulJobsHistoryLimit",
            "k8s.io.api.batch.v1.CronJobSpec.failedJobsHistoryLimit",
            "k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerSpec.minReplicas",
            "k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerSpec.targetCPUUtilizationPercentage",
            "k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerSpec.minReplicas",
            "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions.gracePeriodSeconds",
            "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions.orphanDependents",
            "k8s.io.api.authentication.v1.TokenRequestSpec.expirationSeconds");

    private final Map<String, Descriptor> messages = new HashMap<>();
    private final java.util.function.Function<String, java.util.Set<String>> requiredFields;

    /**
     * @param requiredFields the required fields of an OpenAPI definition (e.g. {@code io.k8s.api.core.v1.Container}),
     *                       whose zero values Go writes to JSON
     */
    public ProtobufDecoder(java.util.function.Function<String, java.util.Set<String>> requiredFields) {
        this.requiredFields = requiredFields;
        List<FileDescriptor> files = List.of(
                io.kubernetes.client.proto.V1.getDescriptor(),
                io.kubernetes.client.proto.V1Apps.getDescriptor(),
                io.kubernetes.client.proto.V1Batch.getDescriptor(),
                io.kubernetes.client.proto.V1Autoscaling.getDescriptor(),
                io.kubernetes.client.proto.V2Autoscaling.getDescriptor(),
                io.kubernetes.client.proto.V1Networking.getDescriptor(),
                io.kubernetes.client.proto.V1Policy.getDescriptor(),
                io.kubernetes.client.proto.V1Rbac.getDescriptor(),
                io.kubernetes.client.proto.V1Storage.getDescriptor(),
                io.kubernetes.client.proto.V1Scheduling.getDescriptor(),
                io.kubernetes.client.proto.V1Coordination.getDescriptor(),
                io.kubernetes.client.proto.V1Discovery.getDescriptor(),
                io.kubernetes.client.proto.V1Events.getDescriptor(),
                io.kubernetes.client.proto.V1Authentication.getDescriptor(),
                io.kubernetes.client.proto.V1Authorization.getDescriptor(),
                io.kubernetes.client.proto.V1Apiextensions.getDescriptor(),
                io.kubernetes.client.proto.V1Certificates.getDescriptor(),
                io.kubernetes.client.proto.V1Node.getDescriptor(),
                io.kubernetes.client.proto.Meta.getDescriptor());
        for (FileDescriptor f : files) {
            for (Descriptor d : f.getMessageTypes()) {
                messages.put(f.getPackage() + "." + d.getName(), d);
            }
        }
    }

    /** Whether the body starts with the Kubernetes protobuf magic number. */
    public static boolean hasMagic(byte[] body) {
        if (body.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (body[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes a body into the JSON form of the object, with apiVersion and kind set. */
    public ObjectNode decode(byte[] body) {
        if (!hasMagic(body)) {
            throw new ApiException.BadRequest("provided protobuf body does not start with the Kubernetes "
                    + "protobuf magic number");
        }
        Runtime.Unknown unknown;
        try {
            unknown = Runtime.Unknown.parseFrom(java.util.Arrays.copyOfRange(body, MAGIC.length, body.length));
        } catch (InvalidProtocolBufferException e) {
            throw new ApiException.BadRequest("unable to decode protobuf envelope: " + e.getMessage());
        }
        String apiVersion = unknown.getTypeMeta().getApiVersion();
        String kind = unknown.getTypeMeta().getKind();
        Descriptor type = lookup(apiVersion, kind);
        DynamicMessage msg;
        try {
            msg = DynamicMessage.parseFrom(type, unknown.getRaw());
        } catch (InvalidProtocolBufferException e) {
            throw new ApiException.BadRequest("unable to decode protobuf " + kind + ": " + e.getMessage());
        }
        ObjectNode out = Json.object();
        out.put("apiVersion", apiVersion);
        out.put("kind", kind);
        ObjectNode fields = (ObjectNode) toJson(msg);
        fields.remove("apiVersion");
        fields.remove("kind");
        out.setAll(fields);
        return out;
    }

    private Descriptor lookup(String apiVersion, String kind) {
        GroupVersion gv = GroupVersion.parse(apiVersion);
        String group = gv.group();
        String pkg;
        if (group.isEmpty()) {
            pkg = "k8s.io.api.core." + gv.version();
        } else if (group.equals("apiextensions.k8s.io")) {
            pkg = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions." + gv.version();
        } else if (group.equals("meta.k8s.io")) {
            pkg = META_PACKAGE;
        } else {
            pkg = "k8s.io.api." + group.split("\\.")[0] + "." + gv.version();
        }
        Descriptor d = messages.get(pkg + "." + kind);
        if (d == null) {
            // DeleteOptions and other meta types may be sent under any group version.
            d = messages.get(META_PACKAGE + "." + kind);
        }
        if (d == null) {
            throw new ApiException.UnsupportedMediaType("the body of the request was in an unknown format - no "
                    + "protobuf definition is known for " + apiVersion + ", Kind=" + kind
                    + "; send application/json instead");
        }
        return d;
    }

    private JsonNode toJson(Message msg) {
        String full = msg.getDescriptorForType().getFullName();
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (full) {
            case META_PACKAGE + ".Time" -> {
                long seconds = longField(msg, "seconds");
                return seconds == 0 ? null : f.textNode(Timestamps.format(Instant.ofEpochSecond(seconds)));
            }
            case META_PACKAGE + ".MicroTime" -> {
                long seconds = longField(msg, "seconds");
                long nanos = longField(msg, "nanos");
                return seconds == 0 && nanos == 0 ? null
                        : f.textNode(Timestamps.formatMicro(Instant.ofEpochSecond(seconds, nanos)));
            }
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> {
                return f.textNode(stringField(msg, "string"));
            }
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> {
                return longField(msg, "type") == 0 ? f.numberNode(longField(msg, "intVal"))
                        : f.textNode(stringField(msg, "strVal"));
            }
            case "k8s.io.apimachinery.pkg.runtime.RawExtension", META_PACKAGE + ".FieldsV1",
                 "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSON" -> {
                return rawJson(msg);
            }
            default -> {
                return structToJson(msg);
            }
        }
    }

    private ObjectNode structToJson(Message msg) {
        ObjectNode out = Json.object();
        for (Map.Entry<FieldDescriptor, Object> e : msg.getAllFields().entrySet()) {
            FieldDescriptor fd = e.getKey();
            JsonNode value;
            if (fd.isMapField()) {
                ObjectNode map = Json.object();
                for (Object entry : (List<?>) e.getValue()) {
                    Message m = (Message) entry;
                    FieldDescriptor k = m.getDescriptorForType().findFieldByName("key");
                    FieldDescriptor v = m.getDescriptorForType().findFieldByName("value");
                    JsonNode val = scalarOrMessage(v, m.getField(v));
                    map.set(String.valueOf(m.getField(k)), val == null ? JsonNodeFactory.instance.nullNode() : val);
                }
                value = map.isEmpty() ? null : map;
            } else if (fd.isRepeated()) {
                ArrayNode arr = Json.MAPPER.createArrayNode();
                for (Object item : (List<?>) e.getValue()) {
                    // Inside lists empty strings are values (e.g. the core group "" in RBAC apiGroups).
                    JsonNode v = item instanceof String str ? JsonNodeFactory.instance.textNode(str)
                            : scalarOrMessage(fd, item);
                    arr.add(v == null ? JsonNodeFactory.instance.nullNode() : v);
                }
                value = arr.isEmpty() ? null : arr;
            } else {
                value = scalarOrMessage(fd, e.getValue());
                if (value != null && isGoZero(value) && !keepsZero(msg.getDescriptorForType(), fd)) {
                    value = null;
                }
            }
            if (value != null && value.isObject()
                    && INLINED.contains(msg.getDescriptorForType().getFullName() + "." + fd.getName())) {
                ((ObjectNode) value).properties().forEach(f -> out.set(f.getKey(), f.getValue()));
            } else if (value != null) {
                out.set(fd.getName(), value);
            }
        }
        return out;
    }

    private static boolean isGoZero(JsonNode v) {
        return (v.isNumber() && v.asDouble() == 0) || (v.isBoolean() && !v.booleanValue())
                || (v.isTextual() && v.textValue().isEmpty());
    }

    private boolean keepsZero(Descriptor message, FieldDescriptor fd) {
        String full = message.getFullName();
        return MEANINGFUL_ZERO.contains(full + "." + fd.getName())
                || requiredFields.apply(definitionName(full)).contains(fd.getName());
    }

    /** The OpenAPI definition name of a protobuf message: {@code k8s.io.api.core.v1.Pod} → {@code io.k8s.api.core.v1.Pod}. */
    static String definitionName(String protoFullName) {
        String rest = protoFullName.startsWith("k8s.io.") ? protoFullName.substring("k8s.io.".length()) : protoFullName;
        return "io.k8s." + rest.replace("apiextensions_apiserver", "apiextensions-apiserver");
    }

    private JsonNode scalarOrMessage(FieldDescriptor fd, Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (fd.getJavaType()) {
            case MESSAGE -> toJson((Message) v);
            case STRING -> ((String) v).isEmpty() ? null : f.textNode((String) v);
            case BYTE_STRING -> f.textNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
            case BOOLEAN -> f.booleanNode((Boolean) v);
            case INT -> f.numberNode((Integer) v);
            case LONG -> f.numberNode((Long) v);
            case FLOAT -> f.numberNode((Float) v);
            case DOUBLE -> f.numberNode((Double) v);
            case ENUM -> f.textNode(v.toString());
        };
    }

    private static JsonNode rawJson(Message msg) {
        for (Map.Entry<FieldDescriptor, Object> e : msg.getAllFields().entrySet()) {
            if (e.getValue() instanceof ByteString raw && !raw.isEmpty()) {
                try {
                    return Json.MAPPER.readTree(raw.toByteArray());
                } catch (IOException ex) {
                    throw new ApiException.BadRequest("embedded raw JSON is malformed: " + ex.getMessage());
                }
            }
        }
        return null;
    }

    private static long longField(Message msg, String name) {
        FieldDescriptor fd = msg.getDescriptorForType().findFieldByName(name);
        Object v = fd == null ? null : msg.getField(fd);
        return v instanceof Number n ? n.longValue() : 0;
    }

    private static String stringField(Message msg, String name) {
        FieldDescriptor fd = msg.getDescriptorForType().findFieldByName(name);
        Object v = fd == null ? null : msg.getField(fd);
        return v == null ? "" : v.toString();
    }
}
