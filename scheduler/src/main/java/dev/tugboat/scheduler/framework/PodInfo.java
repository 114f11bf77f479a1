package dev.tugboat.scheduler.framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.labels.InvalidSelectorException;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.labels.Operator;
import dev.tugboat.api.labels.Requirement;
import dev.tugboat.api.meta.Meta;
import dev.tugboat.api.meta.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the scheduler needs of a pod, parsed once from its JSON (upstream's {@code framework.PodInfo}
 * plus the pod's computed requests). Immutable; {@link #withNodeName} gives the assumed copy.
 */
public final class PodInfo {

    /** Requests the scoring plugins assume for a container that requests no cpu (upstream's 100m). */
    public static final long DEFAULT_MILLI_CPU_REQUEST = 100;
    /** Requests the scoring plugins assume for a container that requests no memory (200 MiB). */
    public static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;

    private final ObjectNode pod;
    private final String key;
    private final String namespace;
    private final String name;
    private final String uid;
    private final Map<String, String> labels;
    private final String nodeName;
    private final String schedulerName;
    private final int priority;
    private final boolean preemptNever;
    private final boolean deleting;
    private final Instant creationTime;
    private final String nominatedNodeName;
    private final Resource requests;
    private final long nonZeroMilliCpu;
    private final long nonZeroMemory;
    private final Map<String, String> nodeSelector;
    private final NodeSelector requiredNodeAffinity;
    private final List<NodeSelector.Term> preferredNodeAffinity;
    private final List<Integer> preferredNodeAffinityWeights;
    private final List<Toleration> tolerations;
    private final List<HostPort> hostPorts;
    private final List<AffinityTerm> requiredAffinity;
    private final List<AffinityTerm> requiredAntiAffinity;
    private final List<AffinityTerm> preferredAffinity;
    private final List<AffinityTerm> preferredAntiAffinity;
    private final List<TopologySpreadConstraint> spreadConstraints;
    private final List<String> claimNames;
    private final ControllerRef controllerRef;

    private PodInfo(ObjectNode pod, String nodeName) {
        this.pod = pod;
        JsonNode spec = pod.path("spec");
        this.namespace = Meta.namespace(pod);
        this.name = Meta.name(pod);
        this.key = namespace + "/" + name;
        this.uid = Meta.uid(pod);
        this.labels = Map.copyOf(Meta.labels(pod));
        this.nodeName = nodeName;
        this.schedulerName = spec.path("schedulerName").asText("default-scheduler");
        this.priority = spec.path("priority").asInt(0);
        this.preemptNever = "Never".equals(spec.path("preemptionPolicy").asText(""));
        this.deleting = Meta.isDeleting(pod);
        this.creationTime = Timestamps.parse(Meta.creationTimestamp(pod)).orElse(Instant.EPOCH);
        this.nominatedNodeName = pod.path("status").path("nominatedNodeName").asText("");
        Resource[] reqs = computeRequests(spec);
        this.requests = reqs[0];
        this.nonZeroMilliCpu = reqs[1].milliCpu;
        this.nonZeroMemory = reqs[1].memory;
        this.nodeSelector = Map.copyOf(Meta.stringMap(spec.path("nodeSelector")));
        JsonNode nodeAffinity = spec.path("affinity").path("nodeAffinity");
        JsonNode required = nodeAffinity.path("requiredDuringSchedulingIgnoredDuringExecution");
        this.requiredNodeAffinity = required.isObject()
                ? NodeSelector.fromTerms(required.path("nodeSelectorTerms")) : null;
        List<NodeSelector.Term> prefTerms = new ArrayList<>();
        List<Integer> prefWeights = new ArrayList<>();
        for (JsonNode p : nodeAffinity.path("preferredDuringSchedulingIgnoredDuringExecution")) {
            prefTerms.add(NodeSelector.term(p.path("preference")));
            prefWeights.add(p.path("weight").asInt(0));
        }
        this.preferredNodeAffinity = List.copyOf(prefTerms);
        this.preferredNodeAffinityWeights = List.copyOf(prefWeights);
        this.tolerations = Toleration.listFrom(spec.path("tolerations"));
        this.hostPorts = hostPorts(spec);
        JsonNode podAffinity = spec.path("affinity").path("podAffinity");
        JsonNode podAntiAffinity = spec.path("affinity").path("podAntiAffinity");
        this.requiredAffinity = terms(podAffinity.path("requiredDuringSchedulingIgnoredDuringExecution"), false);
        this.requiredAntiAffinity = terms(podAntiAffinity.path("requiredDuringSchedulingIgnoredDuringExecution"),
                false);
        this.preferredAffinity = terms(podAffinity.path("preferredDuringSchedulingIgnoredDuringExecution"), true);
        this.preferredAntiAffinity = terms(podAntiAffinity.path("preferredDuringSchedulingIgnoredDuringExecution"),
                true);
        this.spreadConstraints = spreadConstraints(spec.path("topologySpreadConstraints"));
        List<String> claims = new ArrayList<>();
        for (JsonNode v : spec.path("volumes")) {
            JsonNode claim = v.path("persistentVolumeClaim").path("claimName");
            if (claim.isTextual()) {
                claims.add(claim.asText());
            }
        }
        this.claimNames = List.copyOf(claims);
        this.controllerRef = ControllerRef.of(pod);
    }

    private PodInfo(PodInfo o, String nodeName) {
        this.pod = o.pod;
        this.key = o.key;
        this.namespace = o.namespace;
        this.name = o.name;
        this.uid = o.uid;
        this.labels = o.labels;
        this.nodeName = nodeName;
        this.schedulerName = o.schedulerName;
        this.priority = o.priority;
        this.preemptNever = o.preemptNever;
        this.deleting = o.deleting;
        this.creationTime = o.creationTime;
        this.nominatedNodeName = o.nominatedNodeName;
        this.requests = o.requests;
        this.nonZeroMilliCpu = o.nonZeroMilliCpu;
        this.nonZeroMemory = o.nonZeroMemory;
        this.nodeSelector = o.nodeSelector;
        this.requiredNodeAffinity = o.requiredNodeAffinity;
        this.preferredNodeAffinity = o.preferredNodeAffinity;
        this.preferredNodeAffinityWeights = o.preferredNodeAffinityWeights;
        this.tolerations = o.tolerations;
        this.hostPorts = o.hostPorts;
        this.requiredAffinity = o.requiredAffinity;
        this.requiredAntiAffinity = o.requiredAntiAffinity;
        this.preferredAffinity = o.preferredAffinity;
        this.preferredAntiAffinity = o.preferredAntiAffinity;
        this.spreadConstraints = o.spreadConstraints;
        this.claimNames = o.claimNames;
        this.controllerRef = o.controllerRef;
    }

    /** Parses a pod (the object is kept, not copied: callers must not mutate it afterwards). */
    public static PodInfo from(ObjectNode pod) {
        return new PodInfo(pod, pod.path("spec").path("nodeName").asText(""));
    }

    /** This pod as if bound to {@code node} (the scheduler's assumed pod). */
    public PodInfo withNodeName(String node) {
        return new PodInfo(this, node);
    }

    // ------------------------------------------------------------------ requests

    /**
     * The pod's effective requests and the same with upstream's non-zero defaults, as upstream's
     * {@code resourcehelper.PodRequests}: the sum of the containers and the restartable (sidecar) init
     * containers, raised to what any ordinary init container needs alongside the sidecars started
     * before it, plus the pod overhead.
     */
    private static Resource[] computeRequests(JsonNode spec) {
        Resource reqs = new Resource();
        Resource nonZero = new Resource();
        for (JsonNode c : spec.path("containers")) {
            reqs.add(containerRequests(c, false));
            nonZero.add(containerRequests(c, true));
        }
        Resource sidecars = new Resource();
        Resource sidecarsNonZero = new Resource();
        Resource initMax = new Resource();
        Resource initMaxNonZero = new Resource();
        for (JsonNode c : spec.path("initContainers")) {
            Resource r = containerRequests(c, false);
            Resource nz = containerRequests(c, true);
            if ("Always".equals(c.path("restartPolicy").asText(""))) {
                reqs.add(r);
                nonZero.add(nz);
                sidecars.add(r);
                sidecarsNonZero.add(nz);
            } else {
                r.add(sidecars);
                nz.add(sidecarsNonZero);
                initMax.setMax(r);
                initMaxNonZero.setMax(nz);
            }
        }
        reqs.setMax(initMax);
        nonZero.setMax(initMaxNonZero);
        Resource overhead = Resource.fromResourceList(spec.path("overhead"));
        overhead.allowedPodNumber = 0;
        reqs.add(overhead);
        nonZero.add(overhead);
        reqs.allowedPodNumber = 0;
        return new Resource[] {reqs, nonZero};
    }

    private static Resource containerRequests(JsonNode c, boolean nonZero) {
        JsonNode requests = c.path("resources").path("requests");
        Resource r = Resource.fromResourceList(requests);
        r.allowedPodNumber = 0;
        if (nonZero) {
            if (!requests.has(Resource.CPU)) {
                r.milliCpu = DEFAULT_MILLI_CPU_REQUEST;
            }
            if (!requests.has(Resource.MEMORY)) {
                r.memory = DEFAULT_MEMORY_REQUEST;
            }
        }
        return r;
    }

    // ------------------------------------------------------------------ parsing helpers

    private static List<HostPort> hostPorts(JsonNode spec) {
        List<HostPort> out = new ArrayList<>();
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                for (JsonNode p : c.path("ports")) {
                    int hp = p.path("hostPort").asInt(0);
                    if (hp > 0) {
                        String ip = p.path("hostIP").asText("");
                        out.add(new HostPort(p.path("protocol").asText("TCP"), ip.isEmpty() ? "0.0.0.0" : ip, hp));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private List<AffinityTerm> terms(JsonNode array, boolean weighted) {
        if (!array.isArray() || array.isEmpty()) {
            return List.of();
        }
        List<AffinityTerm> out = new ArrayList<>();
        for (JsonNode t : array) {
            JsonNode term = weighted ? t.path("podAffinityTerm") : t;
            LabelSelector selector = selector(term.path("labelSelector"));
            Set<String> namespaces = new HashSet<>();
            term.path("namespaces").forEach(n -> namespaces.add(n.asText()));
            JsonNode nsSel = term.path("namespaceSelector");
            LabelSelector nsSelector = nsSel.isObject() ? selector(nsSel) : null;
            if (namespaces.isEmpty() && nsSelector == null) {
                namespaces.add(namespace);
            }
            out.add(new AffinityTerm(selector, Set.copyOf(namespaces), nsSelector,
                    term.path("topologyKey").asText(""), weighted ? t.path("weight").asInt(0) : 0));
        }
        return List.copyOf(out);
    }

    private List<TopologySpreadConstraint> spreadConstraints(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            return List.of();
        }
        List<TopologySpreadConstraint> out = new ArrayList<>();
        for (JsonNode c : array) {
            LabelSelector selector = selector(c.path("labelSelector"));
            List<Requirement> extra = new ArrayList<>();
            for (JsonNode k : c.path("matchLabelKeys")) {
                String v = labels.get(k.asText());
                if (v != null) {
                    extra.add(new Requirement(k.asText(), Operator.IN, List.of(v)));
                }
            }
            if (!extra.isEmpty() && !selector.matchesNothing()) {
                extra.addAll(selector.requirements());
                selector = LabelSelector.of(extra);
            }
            out.add(new TopologySpreadConstraint(Math.max(1, c.path("maxSkew").asInt(1)),
                    c.path("topologyKey").asText(""),
                    !"ScheduleAnyway".equals(c.path("whenUnsatisfiable").asText("")), selector,
                    c.path("minDomains").isInt() ? c.path("minDomains").asInt() : 1,
                    !"Ignore".equals(c.path("nodeAffinityPolicy").asText("")),
                    "Honor".equals(c.path("nodeTaintsPolicy").asText(""))));
        }
        return List.copyOf(out);
    }

    private static LabelSelector selector(JsonNode json) {
        try {
            return LabelSelector.fromJson(json);
        } catch (InvalidSelectorException e) {
            return LabelSelector.nothing();
        }
    }

    // ------------------------------------------------------------------ accessors

    /** The pod's JSON as received (shared: never mutate). */
    public ObjectNode pod() {
        return pod;
    }

    /** {@code namespace/name}. */
    public String key() {
        return key;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public String uid() {
        return uid;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** The node the pod is bound (or assumed) to; "" when unscheduled. */
    public String nodeName() {
        return nodeName;
    }

    public String schedulerName() {
        return schedulerName;
    }

    public int priority() {
        return priority;
    }

    /** True for {@code preemptionPolicy: Never}. */
    public boolean preemptNever() {
        return preemptNever;
    }

    public boolean deleting() {
        return deleting;
    }

    public Instant creationTime() {
        return creationTime;
    }

    public String nominatedNodeName() {
        return nominatedNodeName;
    }

    /** Effective requests (see {@link #computeRequests}); allowedPodNumber is 0. Never mutate. */
    public Resource requests() {
        return requests;
    }

    public long nonZeroMilliCpu() {
        return nonZeroMilliCpu;
    }

    public long nonZeroMemory() {
        return nonZeroMemory;
    }

    public Map<String, String> nodeSelector() {
        return nodeSelector;
    }

    /** Required node affinity, or null. */
    public NodeSelector requiredNodeAffinity() {
        return requiredNodeAffinity;
    }

    public List<NodeSelector.Term> preferredNodeAffinity() {
        return preferredNodeAffinity;
    }

    public List<Integer> preferredNodeAffinityWeights() {
        return preferredNodeAffinityWeights;
    }

    public List<Toleration> tolerations() {
        return tolerations;
    }

    public List<HostPort> hostPorts() {
        return hostPorts;
    }

    public List<AffinityTerm> requiredAffinity() {
        return requiredAffinity;
    }

    public List<AffinityTerm> requiredAntiAffinity() {
        return requiredAntiAffinity;
    }

    public List<AffinityTerm> preferredAffinity() {
        return preferredAffinity;
    }

    public List<AffinityTerm> preferredAntiAffinity() {
        return preferredAntiAffinity;
    }

    /** True when the pod has any pod affinity or anti-affinity term. */
    public boolean hasAffinity() {
        return !requiredAffinity.isEmpty() || !requiredAntiAffinity.isEmpty() || !preferredAffinity.isEmpty()
                || !preferredAntiAffinity.isEmpty();
    }

    public List<TopologySpreadConstraint> spreadConstraints() {
        return spreadConstraints;
    }

    /** The PersistentVolumeClaims the pod's volumes name. */
    public List<String> claimNames() {
        return claimNames;
    }

    /** The owner reference with {@code controller: true}, or null. */
    public ControllerRef controllerRef() {
        return controllerRef;
    }

    /** Whether the pod's nodeSelector and required node affinity admit the node. */
    public boolean matchesNodeSelectorAndAffinity(Map<String, String> nodeLabels, String nodeName) {
        for (var e : nodeSelector.entrySet()) {
            if (!e.getValue().equals(nodeLabels.get(e.getKey()))) {
                return false;
            }
        }
        return requiredNodeAffinity == null || requiredNodeAffinity.matches(nodeLabels, nodeName);
    }

    @Override
    public String toString() {
        return key + (nodeName.isEmpty() ? "" : "@" + nodeName);
    }
}
