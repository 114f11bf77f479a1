package dev.tugboat.api.core;

import static dev.tugboat.api.kinds.KindTesting.canonical;
import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static dev.tugboat.api.kinds.KindTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodRulesTest {

    private final PodRules rules = new PodRules();

    static ObjectNode pod() {
        return json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web','namespace':'default'},"
                + "'spec':{'containers':[{'name':'app','image':'nginx:1.27'}]}}");
    }

    static ObjectNode spec(ObjectNode pod) {
        return (ObjectNode) pod.get("spec");
    }

    static ObjectNode container(ObjectNode pod, int i) {
        return (ObjectNode) pod.get("spec").get("containers").get(i);
    }

    @Test
    void theSeedNginxPodGetsUpstreamDefaults() {
        ObjectNode pod = json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'my-nginx-pod','namespace':'default'},"
                + "'spec':{'containers':[{'name':'nginx-container','image':'nginx:latest','ports':[{'containerPort':80}]}]}}");
        rules.applyDefaults(pod);
        assertThat(canonical(pod)).isEqualTo(canonical(json("{'apiVersion':'v1','kind':'Pod',"
                + "'metadata':{'name':'my-nginx-pod','namespace':'default'},'spec':{'containers':[{'name':'nginx-container',"
                + "'image':'nginx:latest','ports':[{'containerPort':80,'protocol':'TCP'}],'resources':{},"
                + "'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File',"
                + "'imagePullPolicy':'Always'}],'restartPolicy':'Always','terminationGracePeriodSeconds':30,"
                + "'dnsPolicy':'ClusterFirst','securityContext':{},'schedulerName':'default-scheduler',"
                + "'enableServiceLinks':true}}")));
        assertThat(rules.validate(pod)).isEmpty();
    }

    @Test
    void defaultingIsIdempotent() {
        ObjectNode pod = pod();
        rules.applyDefaults(pod);
        String once = canonical(pod);
        rules.applyDefaults(pod);
        assertThat(canonical(pod)).isEqualTo(once);
    }

    @Test
    void conditionTimesThatAreUnsetAreNullAsGoEncodesThemAndSetOnesAreKept() {
        ObjectNode pod = pod();
        pod.set("status", json("{'phase':'Pending','conditions':[{'type':'PodScheduled','status':'False',"
                + "'reason':'Unschedulable','lastTransitionTime':'2025-01-02T03:04:05Z'},"
                + "{'type':'Ready','status':'True','lastProbeTime':'2025-01-02T03:04:06Z'}]}"));
        rules.applyDefaults(pod);
        assertThat(canonical((ObjectNode) pod.get("status"))).isEqualTo(canonical(json("{'phase':'Pending',"
                + "'conditions':[{'type':'PodScheduled','status':'False','reason':'Unschedulable',"
                + "'lastProbeTime':null,'lastTransitionTime':'2025-01-02T03:04:05Z'},"
                + "{'type':'Ready','status':'True','lastProbeTime':'2025-01-02T03:04:06Z','lastTransitionTime':null}]}")));
    }

    record Pull(String image, String policy) {
    }

    static Stream<Pull> pullPolicies() {
        return Stream.of(new Pull("nginx", "Always"), new Pull("nginx:latest", "Always"),
                new Pull("nginx:1.27", "IfNotPresent"), new Pull("nginx@sha256:abcd", "IfNotPresent"),
                new Pull("nginx:latest@sha256:abcd", "Always"), new Pull("localhost:5000/nginx", "Always"),
                new Pull("registry.io:5000/team/app:v1", "IfNotPresent"), new Pull("Bad/Name", "IfNotPresent"));
    }

    @ParameterizedTest
    @MethodSource("pullPolicies")
    void imagePullPolicyFollowsTheTag(Pull c) {
        ObjectNode pod = pod();
        container(pod, 0).put("image", c.image());
        rules.applyDefaults(pod);
        assertThat(container(pod, 0).get("imagePullPolicy").asText()).isEqualTo(c.policy());
    }

    @Test
    void probesHandlersVolumesAndQuantitiesAreDefaulted() {
        ObjectNode pod = json("{'metadata':{'name':'p','namespace':'d'},'spec':{'hostNetwork':true,'containers':[{"
                + "'name':'c','image':'i','ports':[{'containerPort':8080}],"
                + "'livenessProbe':{'httpGet':{'port':8080}},'readinessProbe':{'grpc':{'port':9000}},"
                + "'resources':{'limits':{'cpu':1,'memory':'0.5Gi'},'requests':{'cpu':'0.0001'}},"
                + "'env':[{'name':'N','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}}]}],"
                + "'volumes':[{'name':'scratch'},{'name':'s','secret':{'secretName':'x'}},{'name':'h','hostPath':{'path':'/tmp'}},"
                + "{'name':'t','projected':{'sources':[{'serviceAccountToken':{'path':'token'}}]}}]}}");
        rules.applyDefaults(pod);
        ObjectNode c = container(pod, 0);
        assertThat(canonical((ObjectNode) c.get("livenessProbe"))).isEqualTo(canonical(json("{'httpGet':{'port':8080,"
                + "'path':'/','scheme':'HTTP'},'timeoutSeconds':1,'periodSeconds':10,'successThreshold':1,'failureThreshold':3}")));
        assertThat(c.get("readinessProbe").get("grpc").get("service").asText()).isEmpty();
        assertThat(canonical((ObjectNode) c.get("resources"))).isEqualTo(canonical(json(
                "{'limits':{'cpu':'1','memory':'512Mi'},'requests':{'cpu':'1m','memory':'512Mi'}}")));
        assertThat(c.get("ports").get(0).get("hostPort").asInt()).isEqualTo(8080);
        assertThat(c.get("env").get(0).get("valueFrom").get("fieldRef").get("apiVersion").asText()).isEqualTo("v1");
        ObjectNode volumes = json("{}");
        volumes.set("v", pod.get("spec").get("volumes"));
        assertThat(canonical(volumes)).isEqualTo(canonical(json("{'v':["
                + "{'name':'scratch','emptyDir':{}},{'name':'s','secret':{'secretName':'x','defaultMode':420}},"
                + "{'name':'h','hostPath':{'path':'/tmp','type':''}},{'name':'t','projected':{'defaultMode':420,"
                + "'sources':[{'serviceAccountToken':{'path':'token','expirationSeconds':3600}}]}}]}")));
    }

    @Test
    void downwardApiResourceDivisorsDefaultToZero() {
        ObjectNode pod = pod();
        container(pod, 0).putArray("env").add(json("{'name':'CPU','valueFrom':{'resourceFieldRef':{'resource':'limits.cpu'}}}"))
                .add(json("{'name':'MEM','valueFrom':{'resourceFieldRef':{'resource':'limits.memory','divisor':'1024Ki'}}}"));
        rules.applyDefaults(pod);
        assertThat(container(pod, 0).get("env").get(0).get("valueFrom").get("resourceFieldRef").get("divisor").asText())
                .isEqualTo("0");
        assertThat(container(pod, 0).get("env").get(1).get("valueFrom").get("resourceFieldRef").get("divisor").asText())
                .isEqualTo("1Mi");
        assertThat(rules.validate(pod)).isEmpty();
    }

    @Test
    void templatesDoNotCopyLimitsToRequestsNorGetServiceLinks() {
        ObjectNode template = json("{'metadata':{'name':'t','namespace':'d'},'template':{'spec':{'containers':[{'name':'c',"
                + "'image':'i','resources':{'limits':{'cpu':'1'}}}]}}}");
        new PodTemplateRules().applyDefaults(template);
        assertThat(template.get("template").get("spec").has("enableServiceLinks")).isFalse();
        assertThat(template.get("template").get("spec").get("containers").get(0).get("resources").has("requests")).isFalse();
        assertThat(new PodTemplateRules().validate(template)).isEmpty();
    }

    record Case(String name, Consumer<ObjectNode> change, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invalidPods() {
        return Stream.of(
                new Case("a container without image is rejected", p -> container(p, 0).remove("image"),
                        List.of("spec.containers[0].image: Required value")),
                new Case("duplicate container names are rejected", p -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                        p.get("spec").get("containers")).add(json("{'name':'app','image':'x'}")),
                        List.of("spec.containers[1].name: Duplicate value: \"app\"")),
                new Case("an unknown restart policy lists the supported ones", p -> spec(p).put("restartPolicy", "Sometimes"),
                        List.of("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\","
                                + " \"Never\", \"OnFailure\"")),
                new Case("an unknown DNS policy lists the supported ones", p -> spec(p).put("dnsPolicy", "Cluster"),
                        List.of("spec.dnsPolicy: Unsupported value: \"Cluster\": supported values: \"ClusterFirst\","
                                + " \"ClusterFirstWithHostNet\", \"Default\", \"None\"")),
                new Case("a pod without containers is rejected", p -> spec(p).putArray("containers"),
                        List.of("spec.containers: Required value")),
                new Case("container port zero is required", p -> container(p, 0).putArray("ports").addObject().put("containerPort", 0),
                        List.of("spec.containers[0].ports[0].containerPort: Required value")),
                new Case("container port out of range", p -> container(p, 0).putArray("ports").addObject().put("containerPort", 70000),
                        List.of("spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and"
                                + " 65535, inclusive")),
                new Case("duplicate port names are rejected", p -> {
                    var ports = container(p, 0).putArray("ports");
                    ports.addObject().put("name", "http").put("containerPort", 80);
                    ports.addObject().put("name", "http").put("containerPort", 81);
                }, List.of("spec.containers[0].ports[1].name: Duplicate value: \"http\"")),
                new Case("a bad protocol is unsupported", p -> container(p, 0).putArray("ports").addObject()
                        .put("containerPort", 80).put("protocol", "ICMP"),
                        List.of("spec.containers[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values:"
                                + " \"SCTP\", \"TCP\", \"UDP\"")),
                new Case("a request above the limit is rejected", p -> container(p, 0).set("resources",
                        json("{'limits':{'cpu':'1'},'requests':{'cpu':'2'}}")),
                        List.of("spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal"
                                + " to cpu limit of 1")),
                new Case("a negative request is rejected", p -> container(p, 0).set("resources",
                        json("{'requests':{'cpu':'-1'}}")),
                        List.of("spec.containers[0].resources.requests[cpu]: Invalid value: \"-1\": must be greater"
                                + " than or equal to 0")),
                new Case("extended resources need equal request and limit", p -> container(p, 0).set("resources",
                        json("{'requests':{'example.com/gpu':'1'}}")),
                        List.of("spec.containers[0].resources.limits: Required value: Limit must be set for non"
                                + " overcommitable resources")),
                new Case("a mount of a missing volume is not found", p -> container(p, 0).putArray("volumeMounts")
                        .addObject().put("name", "data").put("mountPath", "/data"),
                        List.of("spec.containers[0].volumeMounts[0].name: Not found: \"data\"")),
                new Case("a volume with two sources is forbidden", p -> spec(p).putArray("volumes").add(
                        json("{'name':'v','emptyDir':{},'configMap':{'name':'c'}}")),
                        List.of("spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type")),
                new Case("a secret volume needs a name", p -> spec(p).putArray("volumes").add(json("{'name':'v','secret':{}}")),
                        List.of("spec.volumes[0].secret.secretName: Required value")),
                new Case("ephemeral containers cannot be set on create", p -> spec(p).putArray("ephemeralContainers")
                        .add(json("{'name':'debug','image':'busybox'}")),
                        List.of("spec.ephemeralContainers: Forbidden: cannot be set on create")),
                new Case("a liveness probe success threshold must be 1", p -> container(p, 0).set("livenessProbe",
                        json("{'exec':{'command':['true']},'successThreshold':2}")),
                        List.of("spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1")),
                new Case("a probe needs a handler", p -> container(p, 0).set("readinessProbe", json("{}")),
                        List.of("spec.containers[0].readinessProbe: Required value: must specify a handler type")),
                new Case("a toleration with empty key must use Exists", p -> spec(p).putArray("tolerations")
                        .add(json("{'operator':'Equal','value':'x'}")),
                        List.of("spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when"
                                + " `key` is empty, which means \"match all values and all keys\"")),
                new Case("a bad node selector label value is reported on the map", p -> spec(p).set("nodeSelector",
                        json("{'disk':'ssd!'}")),
                        List.of("spec.nodeSelector: Invalid value: \"ssd!\": a valid label must be an empty string or"
                                + " consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
                                + " alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for"
                                + " validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")),
                new Case("dnsPolicy None needs a config", p -> spec(p).put("dnsPolicy", "None"),
                        List.of("spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None")),
                new Case("host aliases need IPs", p -> spec(p).putArray("hostAliases").add(json("{'ip':'x','hostnames':['a']}")),
                        List.of("spec.hostAliases[0].ip: Invalid value: \"x\": must be a valid IP address, (e.g. 10.9.8.7"
                                + " or 2001:db8::ffff)")),
                new Case("an uppercase container name is invalid", p -> container(p, 0).put("name", "App"),
                        List.of("spec.containers[0].name: Invalid value: \"App\": a lowercase RFC 1123 label must"
                                + " consist of lower case alphanumeric characters or '-', and must start and end with an"
                                + " alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is"
                                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")),
                new Case("init containers share the name space", p -> spec(p).putArray("initContainers")
                        .add(json("{'name':'app','image':'busybox'}")),
                        List.of("spec.initContainers[0].name: Duplicate value: \"app\"")),
                new Case("init containers may not probe without restartPolicy Always", p -> spec(p).putArray("initContainers")
                        .add(json("{'name':'init','image':'busybox','livenessProbe':{'exec':{'command':['x']}}}")),
                        List.of("spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers"
                                + " without restartPolicy=Always")),
                new Case("topology spread needs a positive skew", p -> spec(p).putArray("topologySpreadConstraints")
                        .add(json("{'maxSkew':0,'topologyKey':'zone','whenUnsatisfiable':'DoNotSchedule'}")),
                        List.of("spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero")),
                new Case("a deletion cost must be an integer", p -> ((ObjectNode) p.get("metadata")).putObject("annotations")
                        .put("controller.kubernetes.io/pod-deletion-cost", "x"),
                        List.of("metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: \"x\":"
                                + " must be a 32bit integer")));
    }

    @ParameterizedTest
    @MethodSource("invalidPods")
    void invalidPodsAreRejectedWithUpstreamMessages(Case c) {
        ObjectNode pod = pod();
        c.change().accept(pod);
        assertThat(createErrors(rules, pod)).containsExactlyElementsOf(c.expected());
    }

    private ObjectNode stored() {
        ObjectNode pod = pod();
        ((ObjectNode) pod.get("metadata")).put("resourceVersion", "7").put("uid", "u1");
        rules.applyDefaults(pod);
        return pod;
    }

    @Test
    void podUpdatesMayChangeImagesAndAddTolerations() {
        ObjectNode old = stored();
        ObjectNode now = old.deepCopy();
        container(now, 0).put("image", "nginx:1.28");
        spec(now).putArray("tolerations").add(json("{'key':'k','operator':'Exists','effect':'NoExecute','tolerationSeconds':60}"));
        spec(now).put("activeDeadlineSeconds", 100);
        assertThat(rules.validateUpdate(now, old)).isEmpty();
    }

    @Test
    void podUpdatesOfOtherFieldsAreForbidden() {
        ObjectNode old = stored();
        ObjectNode now = old.deepCopy();
        container(now, 0).putArray("ports").addObject().put("containerPort", 80).put("protocol", "TCP");
        List<String> errors = strings(rules.validateUpdate(now, old));
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst()).startsWith("spec: Forbidden: pod updates may not change fields other than"
                + " `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
                + "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds`"
                + " (allow it to be set to 1 if it was previously negative)\n  core.PodSpec{\n");
        assertThat(errors.getFirst()).contains("+ \tcontainers[0].ports: [{\"containerPort\":80,\"protocol\":\"TCP\"}]");
    }

    @Test
    void podUpdatesMayNotRaiseTheDeadlineOrRemoveContainers() {
        ObjectNode old = stored();
        spec(old).put("activeDeadlineSeconds", 10);
        ObjectNode now = old.deepCopy();
        spec(now).put("activeDeadlineSeconds", 20);
        assertThat(strings(rules.validateUpdate(now, old))).containsExactly(
                "spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value");
        ObjectNode fewer = old.deepCopy();
        spec(fewer).putArray("containers");
        assertThat(strings(rules.validateUpdate(fewer, old))).contains(
                "spec.containers: Forbidden: pod updates may not add or remove containers");
    }

    @Test
    void statusUpdatesMayNotMoveThePod() {
        ObjectNode old = stored();
        ObjectNode now = old.deepCopy();
        spec(now).put("nodeName", "n2");
        now.putObject("status").putArray("podIPs").addObject().put("ip", "10.0.0.300");
        assertThat(strings(rules.validateStatusUpdate(now, old))).containsExactly(
                "status.nodeName: Forbidden: may not be changed directly",
                "status.podIPs[0]: Invalid value: \"10.0.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
    }

    @Test
    void bindingsNeedANodeTarget() {
        BindingRules binding = new BindingRules();
        assertThat(strings(binding.validate(json("{'target':{'kind':'Pod'}}")))).containsExactly(
                "target.kind: Unsupported value: \"Pod\": supported values: \"Node\", \"<empty>\"",
                "target.name: Required value");
        assertThat(binding.validate(json("{'target':{'kind':'Node','name':'n1'}}"))).isEmpty();
    }
}
