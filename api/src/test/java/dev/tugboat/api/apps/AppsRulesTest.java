package dev.tugboat.api.apps;

import static dev.tugboat.api.kinds.KindTesting.canonical;
import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static dev.tugboat.api.kinds.KindTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.autoscaling.ScaleRules;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AppsRulesTest {

    private final DeploymentRules deployments = new DeploymentRules();

    /** The JSON body of {@code kubectl create deployment nginx --image=nginx} (kubectl ≤ 1.31). */
    static ObjectNode kubectlCreateDeployment() {
        ObjectNode d = json("{'kind':'Deployment','apiVersion':'apps/v1','metadata':{'name':'nginx','creationTimestamp':null,"
                + "'labels':{'app':'nginx'}},'spec':{'replicas':1,'selector':{'matchLabels':{'app':'nginx'}},'template':{"
                + "'metadata':{'creationTimestamp':null,'labels':{'app':'nginx'}},'spec':{'containers':[{'name':'nginx',"
                + "'image':'nginx','resources':{}}]}},'strategy':{}},'status':{}}");
        ((ObjectNode) d.get("metadata")).put("namespace", "default");
        return d;
    }

    @Test
    void kubectlCreateDeploymentIsDefaultedLikeUpstream() {
        ObjectNode d = kubectlCreateDeployment();
        deployments.applyDefaults(d);
        assertThat(canonical((ObjectNode) d.get("spec"))).isEqualTo(canonical(json("{'replicas':1,'selector':{"
                + "'matchLabels':{'app':'nginx'}},'template':{'metadata':{'creationTimestamp':null,'labels':{'app':'nginx'}},"
                + "'spec':{'containers':[{'name':'nginx','image':'nginx','resources':{},'terminationMessagePath':"
                + "'/dev/termination-log','terminationMessagePolicy':'File','imagePullPolicy':'Always'}],"
                + "'restartPolicy':'Always','terminationGracePeriodSeconds':30,'dnsPolicy':'ClusterFirst',"
                + "'securityContext':{},'schedulerName':'default-scheduler'}},'strategy':{'type':'RollingUpdate',"
                + "'rollingUpdate':{'maxUnavailable':'25%','maxSurge':'25%'}},'revisionHistoryLimit':10,"
                + "'progressDeadlineSeconds':600}")));
        assertThat(deployments.validate(d)).isEmpty();
    }

    @Test
    void theSeedDeploymentValidates() {
        ObjectNode d = json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web-deployment',"
                + "'namespace':'default'},'spec':{'replicas':3,'selector':{'matchLabels':{'app':'web'}},'template':{"
                + "'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'nginx','image':'nginx:latest',"
                + "'ports':[{'containerPort':80}]}]}}}}");
        assertThat(createErrors(deployments, d)).isEmpty();
    }

    @Test
    void recreateDeploymentsGetNoRollingUpdate() {
        ObjectNode d = kubectlCreateDeployment();
        ((ObjectNode) d.get("spec").get("strategy")).put("type", "Recreate");
        deployments.applyDefaults(d);
        assertThat(d.get("spec").get("strategy").has("rollingUpdate")).isFalse();
    }

    record Case(String name, Consumer<ObjectNode> change, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ObjectNode spec(ObjectNode d) {
        return (ObjectNode) d.get("spec");
    }

    static Stream<Case> invalidDeployments() {
        return Stream.of(
                new Case("a selector that misses the template labels", d -> ((ObjectNode) d.get("spec").get("template")
                        .get("metadata")).putObject("labels").put("app", "b"),
                        List.of("spec.template.metadata.labels: Invalid value: {\"app\":\"b\"}: `selector` does not match"
                                + " template `labels`")),
                new Case("a missing selector", d -> spec(d).remove("selector"),
                        List.of("spec.selector: Required value",
                                "spec.template.metadata.labels: Invalid value: {\"app\":\"nginx\"}: `selector` does not"
                                        + " match template `labels`")),
                new Case("an empty selector", d -> spec(d).putObject("selector"),
                        List.of("spec.selector: Invalid value: {}: empty selector is invalid for deployment")),
                new Case("a template restart policy other than Always", d -> ((ObjectNode) d.get("spec").get("template")
                        .get("spec")).put("restartPolicy", "Never"),
                        List.of("spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"")),
                new Case("maxSurge and maxUnavailable both zero", d -> spec(d).set("strategy",
                        json("{'type':'RollingUpdate','rollingUpdate':{'maxSurge':0,'maxUnavailable':0}}")),
                        List.of("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when"
                                + " `maxSurge` is 0")),
                new Case("zero percent surge and unavailability", d -> spec(d).set("strategy",
                        json("{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'0%','maxUnavailable':'0%'}}")),
                        List.of("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: may not be 0 when"
                                + " `maxSurge` is 0")),
                new Case("more than 100% unavailable", d -> spec(d).set("strategy",
                        json("{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1,'maxUnavailable':'150%'}}")),
                        List.of("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater"
                                + " than 100%")),
                new Case("a percentage without the sign", d -> spec(d).set("strategy",
                        json("{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'x','maxUnavailable':1}}")),
                        List.of("spec.strategy.rollingUpdate.maxSurge: Invalid value: x: a valid percent string must be a"
                                + " numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for"
                                + " validation is '[0-9]+%')")),
                new Case("Recreate with a rolling update", d -> spec(d).set("strategy",
                        json("{'type':'Recreate','rollingUpdate':{}}")),
                        List.of("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is"
                                + " 'Recreate'")),
                new Case("an unknown strategy type", d -> spec(d).set("strategy", json("{'type':'BlueGreen'}")),
                        List.of("spec.strategy.type: Unsupported value: \"BlueGreen\": supported values: \"Recreate\","
                                + " \"RollingUpdate\"")),
                new Case("negative replicas", d -> spec(d).put("replicas", -1),
                        List.of("spec.replicas: Invalid value: -1: must be greater than or equal to 0")),
                new Case("a progress deadline not above minReadySeconds", d -> spec(d).put("minReadySeconds", 700),
                        List.of("spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds")),
                new Case("an active deadline in the template", d -> ((ObjectNode) d.get("spec").get("template").get("spec"))
                        .put("activeDeadlineSeconds", 5),
                        List.of("spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet"
                                + " is not Supported")),
                new Case("a template container without image", d -> ((ObjectNode) d.get("spec").get("template").get("spec")
                        .get("containers").get(0)).remove("image"),
                        List.of("spec.template.spec.containers[0].image: Required value")));
    }

    @ParameterizedTest
    @MethodSource("invalidDeployments")
    void invalidDeploymentsAreRejected(Case c) {
        ObjectNode d = kubectlCreateDeployment();
        c.change().accept(d);
        assertThat(createErrors(deployments, d)).containsExactlyElementsOf(c.expected());
    }

    @Test
    void deploymentSelectorsAreImmutable() {
        ObjectNode old = kubectlCreateDeployment();
        ((ObjectNode) old.get("metadata")).put("resourceVersion", "5");
        deployments.applyDefaults(old);
        ObjectNode now = old.deepCopy();
        ((ObjectNode) now.get("spec").get("selector").get("matchLabels")).put("tier", "web");
        ((ObjectNode) now.get("spec").get("template").get("metadata").get("labels")).put("tier", "web");
        assertThat(strings(deployments.validateUpdate(now, old))).containsExactly(
                "spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"nginx\",\"tier\":\"web\"}}: field is immutable");
        ObjectNode scaled = old.deepCopy();
        spec(scaled).put("replicas", 5);
        assertThat(deployments.validateUpdate(scaled, old)).isEmpty();
    }

    @Test
    void deploymentStatusCountersAreBounded() {
        ObjectNode old = kubectlCreateDeployment();
        ((ObjectNode) old.get("metadata")).put("resourceVersion", "5");
        ObjectNode now = old.deepCopy();
        now.set("status", json("{'replicas':1,'readyReplicas':2,'availableReplicas':1}"));
        assertThat(strings(deployments.validateStatusUpdate(now, old))).containsExactly(
                "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas");
    }

    static ObjectNode statefulSet() {
        return json("{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'db','namespace':'default'},"
                + "'spec':{'serviceName':'db','replicas':3,'selector':{'matchLabels':{'app':'db'}},'template':{"
                + "'metadata':{'labels':{'app':'db'}},'spec':{'containers':[{'name':'pg','image':'postgres:16',"
                + "'volumeMounts':[{'name':'data','mountPath':'/var/lib/postgresql'}]}]}},'volumeClaimTemplates':[{"
                + "'metadata':{'name':'data'},'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{"
                + "'storage':'1Gi'}}}}]}}");
    }

    @Test
    void statefulSetsWithClaimTemplatesAreDefaultedAndValid() {
        StatefulSetRules rules = new StatefulSetRules();
        ObjectNode sts = statefulSet();
        rules.applyDefaults(sts);
        ObjectNode spec = spec(sts);
        assertThat(spec.get("podManagementPolicy").asText()).isEqualTo("OrderedReady");
        assertThat(canonical((ObjectNode) spec.get("updateStrategy"))).isEqualTo(canonical(json(
                "{'type':'RollingUpdate','rollingUpdate':{'partition':0}}")));
        assertThat(canonical((ObjectNode) spec.get("persistentVolumeClaimRetentionPolicy"))).isEqualTo(canonical(json(
                "{'whenDeleted':'Retain','whenScaled':'Retain'}")));
        assertThat(spec.get("revisionHistoryLimit").asInt()).isEqualTo(10);
        assertThat(canonical((ObjectNode) spec.get("volumeClaimTemplates").get(0))).isEqualTo(canonical(json(
                "{'metadata':{'name':'data'},'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{"
                        + "'storage':'1Gi'}},'volumeMode':'Filesystem'},'status':{'phase':'Pending'}}")));
        // Containers mount the claims by their template names (the docs' "web" example does this).
        assertThat(strings(rules.validate(sts))).isEmpty();
        ((ObjectNode) sts.at("/spec/template/spec/containers/0/volumeMounts/0")).put("name", "logs");
        assertThat(strings(rules.validate(sts))).containsExactly(
                "spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"logs\"");
    }

    @Test
    void statefulSetsRejectEmptySelectorsAndClaimsWithoutStorage() {
        StatefulSetRules rules = new StatefulSetRules();
        ObjectNode sts = statefulSet();
        spec(sts).putObject("selector");
        ((ObjectNode) sts.get("spec").get("volumeClaimTemplates").get(0).get("spec")).remove("resources");
        ((ObjectNode) sts.get("spec").get("template").get("spec").get("containers").get(0)).remove("volumeMounts");
        assertThat(createErrors(rules, sts)).containsExactly(
                "spec.selector: Invalid value: {}: empty selector is not valid for statefulset.",
                "spec.volumeClaimTemplates[0].spec.resources[storage]: Required value");
    }

    @Test
    void statefulSetSpecsAreMostlyImmutable() {
        StatefulSetRules rules = new StatefulSetRules();
        ObjectNode old = statefulSet();
        ((ObjectNode) old.get("metadata")).put("resourceVersion", "1");
        ((ObjectNode) old.get("spec").get("template").get("spec").get("containers").get(0)).remove("volumeMounts");
        rules.applyDefaults(old);
        ObjectNode now = old.deepCopy();
        ((ObjectNode) now.get("spec").get("volumeClaimTemplates").get(0).get("spec").get("resources").get("requests"))
                .put("storage", "2Gi");
        assertThat(strings(rules.validateUpdate(now, old))).containsExactly("spec: Forbidden: updates to statefulset spec"
                + " for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit',"
                + " 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
        ObjectNode scaled = old.deepCopy();
        spec(scaled).put("replicas", 5);
        ((ObjectNode) scaled.get("spec").get("template").get("spec").get("containers").get(0)).put("image", "postgres:17");
        assertThat(rules.validateUpdate(scaled, old)).isEmpty();
    }

    @Test
    void daemonSetsDefaultToRollingUpdatesOfOne() {
        DaemonSetRules rules = new DaemonSetRules();
        ObjectNode ds = json("{'metadata':{'name':'agent','namespace':'kube-system'},'spec':{'selector':{'matchLabels':"
                + "{'app':'agent'}},'template':{'metadata':{'labels':{'app':'agent'}},'spec':{'containers':[{"
                + "'name':'a','image':'agent:1'}]}}}}");
        rules.applyDefaults(ds);
        assertThat(canonical((ObjectNode) ds.get("spec").get("updateStrategy"))).isEqualTo(canonical(json(
                "{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':1,'maxSurge':0}}")));
        assertThat(rules.validate(ds)).isEmpty();
        ((ObjectNode) ds.get("spec").get("updateStrategy")).put("type", "Sometimes");
        assertThat(strings(rules.validate(ds))).containsExactly("spec.updateStrategy: Unsupported value: \"Sometimes\":"
                + " supported values: \"OnDelete\", \"RollingUpdate\"");
    }

    @Test
    void replicaSetsAndRevisionsAndScales() {
        ReplicaSetRules rs = new ReplicaSetRules();
        ObjectNode replicaSet = json("{'metadata':{'name':'web-abc','namespace':'d'},'spec':{'selector':{'matchLabels':"
                + "{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c','image':'i'}]}}}}");
        assertThat(createErrors(rs, replicaSet)).isEmpty();
        assertThat(replicaSet.get("spec").get("replicas").asInt()).isEqualTo(1);
        assertThat(createErrors(new ControllerRevisionRules(), json("{'metadata':{'name':'r','namespace':'d'},'revision':-1}")))
                .containsExactly("data: Required value: data is mandatory",
                        "revision: Invalid value: -1: must be greater than or equal to 0");
        assertThat(strings(new ScaleRules().validate(json("{'metadata':{'name':'web','namespace':'d'},'spec':{'replicas':-1}}"))))
                .containsExactly("spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    }
}
